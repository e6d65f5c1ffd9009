using System.Management.Automation;

namespace PresignTools.Results
{
    /// <summary>
    /// Getters of the hidden CodeProperty members that PresignTools.Types.ps1xml adds to the result types.
    /// The format views name these properties instead of running script blocks (so loading the views
    /// parses no script, and a session's first table renders noticeably faster), and hidden members stay
    /// out of Format-List *, Select-Object *, Get-Member, ConvertTo-Json and Export-Csv.
    /// </summary>
    public static class DisplayMembers
    {
        /// <summary>The key, shortened to the Key column (20) keeping its end.</summary>
        public static string DisplayKey(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrl u => DisplayText.Tail(u.Key, 20),
            _ => string.Empty,
        };

        /// <summary>ExpiresAt as local time (with seconds for upload forms).</summary>
        public static string DisplayExpiresAt(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrl u => DisplayText.LocalTime(u.ExpiresAt),
            PresignedPost p => DisplayText.LocalTime(p.ExpiresAt, seconds: true),
            PresignedUrlInfo i => DisplayText.LocalTime(i.ExpiresAt),
            _ => string.Empty,
        };

        /// <summary>Time left, in at most two units, or "expired".</summary>
        public static string DisplayTimeLeft(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrl u => DisplayText.Duration(u.TimeLeft),
            PresignedPost p => DisplayText.Duration(p.TimeLeft),
            PresignedUrlInfo i => DisplayText.Duration(i.TimeLeft),
            _ => string.Empty,
        };

        /// <summary>The URL, shortened to the Url column (48).</summary>
        public static string DisplayUrl(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrl u => DisplayText.Url(u.Url, 48),
            _ => string.Empty,
        };

        /// <summary>An upload form's size range.</summary>
        public static string DisplaySize(PSObject instance) => instance?.BaseObject switch
        {
            PresignedPost p => DisplayText.SizeRange(p.MinSize, p.MaxSize),
            _ => string.Empty,
        };

        /// <summary>A link's signed headers as "Name: value; Name: value".</summary>
        public static string DisplayHeaders(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrl u => DisplayText.Pairs(u.Headers as System.Collections.IDictionary, ": ", "; "),
            _ => string.Empty,
        };

        /// <summary>The method a link was signed for, or what it can be when the URL does not say.</summary>
        public static string DisplayMethod(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrlInfo i => string.IsNullOrEmpty(i.Method) ? "(unknown: GET or HEAD)" : i.Method!,
            _ => string.Empty,
        };

        /// <summary>The signed header names, joined by ";" as in X-Amz-SignedHeaders.</summary>
        public static string DisplaySignedHeaders(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrlInfo i => string.Join(";", i.SignedHeaders ?? new string[0]),
            _ => string.Empty,
        };

        /// <summary>Response header overrides as "name=value; name=value".</summary>
        public static string DisplayResponseOverrides(PSObject instance) => instance?.BaseObject switch
        {
            PresignedUrlInfo i => DisplayText.Pairs(i.ResponseOverrides, "=", "; "),
            _ => string.Empty,
        };

        /// <summary>An upload form's field names, in form order.</summary>
        public static string DisplayFields(PSObject instance) => instance?.BaseObject switch
        {
            PresignedPost p => string.Join(", ", System.Linq.Enumerable.Cast<object>(p.Fields.Keys)),
            _ => string.Empty,
        };

        /// <summary>An upload form's policy conditions, one per line.</summary>
        public static string DisplayConditions(PSObject instance) => instance?.BaseObject switch
        {
            PresignedPost p => string.Join("\n", p.Conditions ?? new string[0]),
            _ => string.Empty,
        };
    }
}
