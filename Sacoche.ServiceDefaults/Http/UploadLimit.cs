using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Sacoche.ServiceDefaults.Http;

/// <summary>
/// The one upload limit (configuration key <c>Uploads:MaxBytes</c>), read by the gateway, Import and
/// the UI so that a user always gets the same French message for the same file, before sending it.
/// </summary>
public sealed class UploadLimit
{
    public const string Section = "Uploads";

    /// <summary>Largest file accepted (bytes). Default 100 MiB: a whole academy's SIECLE ZIP fits.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Largest request that can carry such a file: the multipart envelope and form fields add a little.</summary>
    public long MaxRequestBytes => MaxBytes + 1024 * 1024;

    /// <summary>The limit as a user reads it, e.g. « 100 Mo ».</summary>
    public string Display => Format(MaxBytes);

    public static string Format(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{bytes / (1024.0 * 1024):0.#} Mo")
        : string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{Math.Max(1, bytes / 1024)} ko");

    /// <summary>French message for a file over the limit.</summary>
    public string TooLargeMessage => $"Le fichier dépasse la taille maximale autorisée ({Display}).";
}

public static class UploadLimitExtensions
{
    public static TBuilder AddUploadLimit<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<UploadLimit>().BindConfiguration(UploadLimit.Section)
            .Validate(o => o.MaxBytes > 0, "Uploads:MaxBytes must be positive").ValidateOnStart();
        return builder;
    }

    /// <summary>The limit without the container (for the gateway's route table, built before it).</summary>
    public static UploadLimit GetUploadLimit(this IConfiguration configuration) =>
        configuration.GetSection(UploadLimit.Section).Get<UploadLimit>() ?? new UploadLimit();
}
