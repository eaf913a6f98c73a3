namespace Sacoche.Web.Components.Shared;

/// <summary>
/// How a mastery degree of the common core (1–4, computed by the API) is drawn: colour and the national label.
/// Presentation only; the API decides the degree.
/// </summary>
public static class Degrees
{
    public static string Color(int? degree) => degree switch
    {
        1 => "#f4a6a6",
        2 => "#fcd38d",
        3 => "#a7dcb5",
        4 => "#3f9b5a",
        _ => "#e5e7eb",
    };

    public static string Label(int? degree) => degree switch
    {
        1 => "Maîtrise insuffisante",
        2 => "Maîtrise fragile",
        3 => "Maîtrise satisfaisante",
        4 => "Très bonne maîtrise",
        _ => "Non évalué",
    };

    public static readonly int[] All = [1, 2, 3, 4];
}
