using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Sacoche.Identity.Apis;

/// <summary>Minimal French pages served by Identity (sign-in, sign-out, ENT sign-in errors).</summary>
internal static class Html
{
    // French text stays readable in the page source: only markup characters are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? "");

    /// <summary>
    /// A page. Framed by an ENT portal (see <see cref="FramingEndpoints"/>), it shows « Ouvrir Sacoche dans un
    /// nouvel onglet »: the session cookies are SameSite=Lax, so the sign-in cannot complete in another site's frame.
    /// </summary>
    public static IResult Page(string title, string body, int status = 200, bool frameBanner = true) => Results.Content($$"""
        <!DOCTYPE html>
        <html lang="fr">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{E(title)}} – Sacoche</title>
          <style>
            body { font-family: system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #1b1f24; }
            header { background: #1d4f91; color: #fff; padding: .8rem 1.5rem; font-size: 1.3rem; font-weight: 600; }
            main { max-width: 40rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
            label { display: block; margin-top: 1rem; font-weight: 600; }
            input, select { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
            button { margin-top: 1.2rem; padding: .6rem 1.2rem; font-size: 1rem; background: #1d4f91; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
            :focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
            .error { background: #fdecea; border-left: 4px solid #b3261e; padding: .8rem 1rem; }
            code { background: #eef; padding: 0 .3rem; }
            .frame-banner { background: #fff4d6; border-bottom: 2px solid #7a4a00; color: #1b1f24; padding: .6rem 1.5rem; }
            .frame-banner p { margin: 0; }
            .frame-banner a { color: #0b4f8a; font-weight: 600; }
          </style>
        </head>
        <body>
          {{(frameBanner ? FrameBanner : "")}}
          <header>Sacoche</header>
          <main>
            <h1>{{E(title)}}</h1>
            {{body}}
          </main>
          {{(frameBanner ? FrameScript : "")}}
        </body>
        </html>
        """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    /// <summary>Hidden unless the page is framed (<c>/sso/frame.js</c>); the script points the link at the establishment's entry.</summary>
    private const string FrameBanner = """
        <div id="frame-banner" class="frame-banner" hidden>
          <p>Sacoche est affiché dans un cadre de votre ENT, où la connexion peut ne pas aboutir. <a href="/" target="_blank" rel="noopener">Ouvrir Sacoche dans un nouvel onglet</a></p>
        </div>
        """;

    private const string FrameScript = """<script src="/sso/frame.js"></script>""";

    public static IResult Error(string title, string message, int status = 400, string? extra = null) =>
        Page(title, $"""<div class="error" role="alert"><p>{E(message)}</p></div>{extra}""", status);
}
