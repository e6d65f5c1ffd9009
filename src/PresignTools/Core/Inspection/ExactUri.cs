using System;
using System.Reflection;

namespace PresignTools.Core.Inspection
{
    /// <summary>
    /// Builds a System.Uri whose path and query are sent exactly as written. System.Uri removes '.' and
    /// '..' segments and unescapes some characters (%7E becomes '~'), which changes the request S3
    /// checks the signature against (and, for 'a/../b', the object). .NET 7+ (PowerShell 7.4+) can turn
    /// that off with UriCreationOptions.DangerousDisablePathAndQueryCanonicalization; this assembly targets
    /// netstandard2.0, so that API is reached by reflection and only where it exists. Where it does not
    /// (Windows PowerShell 5.1 on .NET Framework), a URL that System.Uri would change is refused with
    /// PathNotPreserved rather than sent as a different request.
    /// </summary>
    internal static class ExactUri
    {
        private static readonly Func<string, Uri>? Factory = CreateFactory();

        /// <summary>True when this runtime can send any path unchanged.</summary>
        public static bool PreservesAnyPath => Factory != null;

        /// <summary>The Uri for <paramref name="url"/>, whose PathAndQuery must be <paramref name="requestTarget"/>.</summary>
        /// <exception cref="PresignException">InvalidUrl, or PathNotPreserved on runtimes that would rewrite the path.</exception>
        public static Uri Create(string url, string requestTarget)
        {
            Uri uri;
            try
            {
                uri = Factory != null ? Factory(url) : new Uri(url, UriKind.Absolute);
            }
            catch (UriFormatException e)
            {
                throw PresignException.InvalidArgument("InvalidUrl", $"Invalid URL '{PresignedUrlParser.Show(url)}': {e.Message}");
            }
            if (!string.Equals(uri.PathAndQuery, requestTarget, StringComparison.Ordinal))
            {
                throw new PresignException("PathNotPreserved", FailureKind.InvalidOperation,
                    $"This runtime's System.Uri would send '{RawUrl.Shorten(Path(uri.PathAndQuery), 80)}' instead of '{RawUrl.Shorten(Path(requestTarget), 80)}' (it rewrites '.' and '..' segments or escapes), which is not the signed request; check this link with PowerShell 7.4 or later.");
            }
            return uri;
        }

        private static string Path(string pathAndQuery)
        {
            var q = pathAndQuery.IndexOf('?');
            return q < 0 ? pathAndQuery : pathAndQuery.Substring(0, q);
        }

        private static Func<string, Uri>? CreateFactory()
        {
            try
            {
                var optionsType = typeof(Uri).Assembly.GetType("System.UriCreationOptions", false);
                if (optionsType == null) return null;
                var property = optionsType.GetProperty("DangerousDisablePathAndQueryCanonicalization", BindingFlags.Public | BindingFlags.Instance);
                var constructor = typeof(Uri).GetConstructor(new[] { typeof(string), optionsType.MakeByRefType() });
                if (property == null || !property.CanWrite || constructor == null) return null;
                var options = Activator.CreateInstance(optionsType);
                property.SetValue(options, true);
                return url =>
                {
                    try
                    {
                        return (Uri)constructor.Invoke(new[] { url, options });
                    }
                    catch (TargetInvocationException e) when (e.InnerException is UriFormatException inner)
                    {
                        throw inner;
                    }
                };
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
