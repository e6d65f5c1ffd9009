using System.Management.Automation;

namespace PresignTools.Results
{
    /// <summary>
    /// Getters of the hidden CodeProperty members that PresignTools.Types.ps1xml adds to the result types
    /// (DisplayKey, DisplayExpiresAt, DisplayTimeLeft, DisplayUrl, DisplaySize). The table views name these
    /// properties instead of running script blocks: a session's first table renders noticeably faster,
    /// and hidden members stay out of Format-List *, Select-Object *, ConvertTo-Json and Export-Csv.
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
    }
}
