using System.Text;

namespace Sacoche.Import.Tests.Domain;

/// <summary>Small inline fixtures: hand-written XML, encoded like the real exports.</summary>
internal static class TestFiles
{
    public const string Uai = "0341234A";

    /// <summary>A date in school year 2026-2027 (switch in August).</summary>
    public static readonly DateOnly Today = new(2026, 10, 1);

    public static Sacoche.Import.Domain.ImportContext Context => new(Uai, Today);

    public static Encoding Latin9
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("ISO-8859-15");
        }
    }

    public static MemoryStream Latin9Stream(string xml) => new(Latin9.GetBytes(xml));

    public static MemoryStream Utf8Stream(string xml, bool bom = false)
    {
        var body = Encoding.UTF8.GetBytes(xml);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. body] : body);
    }

    public static string Students(string eleves, string structures = "", string options = "", string uai = Uai, string year = "2026", string parametresExtra = "")
        => $"""
        <?xml version="1.0" encoding="ISO-8859-15"?>
        <BEE_ELEVES VERSION="3.4">
          <PARAMETRES>
            <UAJ>{uai}</UAJ>
            <ANNEE_SCOLAIRE>{year}</ANNEE_SCOLAIRE>
            <DATE_EXPORT>01/10/2026</DATE_EXPORT>
            <HORODATAGE>01/10/2026 10:00:00</HORODATAGE>{parametresExtra}
          </PARAMETRES>
          <DONNEES>
            <ELEVES>{eleves}</ELEVES>
            <OPTIONS>{options}</OPTIONS>
            <STRUCTURES>{structures}</STRUCTURES>
          </DONNEES>
        </BEE_ELEVES>
        """;

    public static string Eleve(string id, string names, string extra = "", string? elenoet = null)
        => $"""<ELEVE ELEVE_ID="{id}" ELENOET="{elenoet ?? "E" + id}">{names}<PRENOM>Zoé</PRENOM><DATE_NAISS>05/03/2014</DATE_NAISS><CODE_SEXE>2</CODE_SEXE>{extra}</ELEVE>""";

    public static string Structures(string id, params (string Code, string Type)[] items)
        => $"""<STRUCTURES_ELEVE ELEVE_ID="{id}">{string.Concat(items.Select(i => $"<STRUCTURE><CODE_STRUCTURE>{i.Code}</CODE_STRUCTURE><TYPE_STRUCTURE>{i.Type}</TYPE_STRUCTURE></STRUCTURE>"))}</STRUCTURES_ELEVE>""";

    public static string Guardians(string personnes, string responsables, string adresses = "", string uai = Uai, string year = "2026")
        => $"""
        <?xml version="1.0" encoding="ISO-8859-15"?>
        <BEE_RESPONSABLES VERSION="3.4">
          <PARAMETRES><UAJ>{uai}</UAJ><ANNEE_SCOLAIRE>{year}</ANNEE_SCOLAIRE></PARAMETRES>
          <DONNEES>
            <PERSONNES>{personnes}</PERSONNES>
            <RESPONSABLES>{responsables}</RESPONSABLES>
            <ADRESSES>{adresses}</ADRESSES>
          </DONNEES>
        </BEE_RESPONSABLES>
        """;

    public static string Link(string eleve, string personne, string legal)
        => $"<RESPONSABLE_ELEVE><ELEVE_ID>{eleve}</ELEVE_ID><PERSONNE_ID>{personne}</PERSONNE_ID><RESP_LEGAL>{legal}</RESP_LEGAL><CODE_PARENTE>10</CODE_PARENTE><RESP_FINANCIER>1</RESP_FINANCIER><PERS_CONTACT>1</PERS_CONTACT></RESPONSABLE_ELEVE>";

    public static string Sts(string individus = "", string divisions = "", string groupes = "", string uai = Uai, string year = "2026", string parametresExtra = "", string matieres = DefaultMatieres)
        => $"""
        <?xml version="1.0" encoding="ISO-8859-1"?>
        <STS_EDT>
          <PARAMETRES>
            <UAJ CODE="{uai}" />
            <ANNEE_SCOLAIRE ANNEE="{year}" />{parametresExtra}
          </PARAMETRES>
          <NOMENCLATURES>
            <MATIERES>{matieres}</MATIERES>
            <MEFS><MEF CODE="10310019110"><LIBELLE_COURT>3EME</LIBELLE_COURT><LIBELLE_LONG>3EME</LIBELLE_LONG></MEF></MEFS>
          </NOMENCLATURES>
          <DONNEES>
            <INDIVIDUS>{individus}</INDIVIDUS>
            <STRUCTURE>
              <DIVISIONS>{divisions}</DIVISIONS>
              <GROUPES>{groupes}</GROUPES>
            </STRUCTURE>
          </DONNEES>
        </STS_EDT>
        """;

    public const string DefaultMatieres =
        """<MATIERE CODE="020700"><CODE_GESTION>FRANC</CODE_GESTION><LIBELLE_COURT>FRANCAIS</LIBELLE_COURT><LIBELLE_LONG>FRANCAIS</LIBELLE_LONG><LIBELLE_EDITION>Français</LIBELLE_EDITION></MATIERE>"""
        + """<MATIERE CODE="030201"><CODE_GESTION>AGL1</CODE_GESTION><LIBELLE_COURT>ANGLAIS LV1</LIBELLE_COURT><LIBELLE_LONG>ANGLAIS LV1</LIBELLE_LONG><LIBELLE_EDITION>Anglais LV1</LIBELLE_EDITION></MATIERE>"""
        + """<MATIERE CODE="020300"><CODE_GESTION>LCALA</CODE_GESTION><LIBELLE_COURT>LATIN</LIBELLE_COURT><LIBELLE_LONG>LATIN</LIBELLE_LONG><LIBELLE_EDITION>Latin</LIBELLE_EDITION></MATIERE>""";

    public static string Individu(string id, string? fonction, string nomUsage = "", string patro = "DUPRÉ", string extra = "")
        => $"""<INDIVIDU ID="{id}" TYPE="epp"><SEXE>2</SEXE><CIVILITE>2</CIVILITE>{(nomUsage.Length > 0 ? $"<NOM_USAGE>{nomUsage}</NOM_USAGE>" : "")}<NOM_PATRONYMIQUE>{patro}</NOM_PATRONYMIQUE><PRENOM>Hélène</PRENOM><DATE_NAISSANCE>1975-04-12</DATE_NAISSANCE>{(fonction is null ? "" : $"<FONCTION>{fonction}</FONCTION>")}{extra}</INDIVIDU>""";

    public static string Service(string matiere, params string[] teachers)
        => $"""<SERVICE CODE_MATIERE="{matiere}" CODE_MOD_COURS="CG"><ENSEIGNANTS>{string.Concat(teachers.Select(t => $"<ENSEIGNANT ID=\"{t}\" TYPE=\"epp\"/>"))}</ENSEIGNANTS></SERVICE>""";
}
