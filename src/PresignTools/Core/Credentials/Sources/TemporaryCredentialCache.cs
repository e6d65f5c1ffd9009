using System;
using System.Collections.Concurrent;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>
    /// Temporary credentials per source (role, SSO role, container, instance) for the process, so that a
    /// script calling the cmdlets many times makes one STS call, not one per call. An entry is used only
    /// while it has more than <see cref="RefreshMargin"/> left; after that the source is asked again.
    /// </summary>
    internal static class TemporaryCredentialCache
    {
        /// <summary>Credentials this close to expiry are refreshed before signing.</summary>
        public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

        private static readonly ConcurrentDictionary<string, ResolvedCredentials> Entries = new ConcurrentDictionary<string, ResolvedCredentials>(StringComparer.Ordinal);

        public static ResolvedCredentials GetOrAdd(string key, Func<ResolvedCredentials> fetch)
        {
            if (Entries.TryGetValue(key, out var cached) && IsFresh(cached)) return cached;
            var fresh = fetch();
            Entries[key] = fresh;
            return fresh;
        }

        public static bool IsFresh(ResolvedCredentials c) =>
            !c.Expiration.HasValue || c.Expiration.Value - DateTimeOffset.UtcNow > RefreshMargin;

        /// <summary>Forgets everything (tests, and Remove-Module).</summary>
        public static void Clear() => Entries.Clear();
    }
}
