using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace PresignTools.Commands
{
    /// <summary>One URL to inspect, with what its source object says about it.</summary>
    internal sealed class PresignedUrlInput
    {
        public PresignedUrlInput(object? target, string? url, string? method, string? bucketName, string? problem, DateTimeOffset? effectiveExpiresAt = null)
        {
            Target = target;
            Url = url;
            Method = method;
            BucketName = bucketName;
            Problem = problem;
            EffectiveExpiresAt = effectiveExpiresAt;
        }

        /// <summary>The pipeline item, as the target of errors.</summary>
        public object? Target { get; }

        public string? Url { get; }

        public string? Method { get; }

        public string? BucketName { get; }

        /// <summary>When a PresignTools.PresignedUrl says the link really dies (its credentials may expire before the URL does).</summary>
        public DateTimeOffset? EffectiveExpiresAt { get; }

        /// <summary>Why no URL could be taken from the item; null when Url is set.</summary>
        public string? Problem { get; }

        /// <summary>
        /// The URLs in an -Url value or pipeline item: a string; a [uri] (its OriginalString: converting a
        /// [uri] to text would unescape and normalise it); any object with a Url (or Uri) property, such as
        /// PresignTools.PresignedUrl, PresignedUrlInfo or a CSV row; a hashtable with a Url key; or an array of those.
        /// </summary>
        public static IEnumerable<PresignedUrlInput> From(object? value)
        {
            var item = Unwrap(value);
            if (item is IEnumerable list && !(item is string) && !(item is IDictionary))
            {
                var any = false;
                foreach (var element in list)
                {
                    any = true;
                    yield return One(element);
                }
                if (!any) yield return new PresignedUrlInput(value, null, null, null, "no URL was given");
                yield break;
            }
            yield return One(value);
        }

        private static PresignedUrlInput One(object? value)
        {
            var item = Unwrap(value);
            switch (item)
            {
                case null:
                    return new PresignedUrlInput(value, null, null, null, "no URL was given (the value is null)");
                case string s:
                    return new PresignedUrlInput(value, s, null, null, null);
                case Uri u:
                    return new PresignedUrlInput(value, u.OriginalString, null, null, null);
                case PresignedUrl p:
                    return new PresignedUrlInput(value, p.Url, p.Method, p.BucketName, null, p.ExpiresAt);
                case PresignedUrlInfo i:
                    return new PresignedUrlInput(value, i.Url, i.Method, i.BucketName, null);
                case IDictionary d:
                    foreach (var name in new[] { "Url", "Uri" })
                    {
                        foreach (DictionaryEntry e in d)
                        {
                            if (e.Key is string k && string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                            {
                                return FromValue(value, Unwrap(e.Value), Text(Lookup(d, "Method")), Text(Lookup(d, "BucketName")));
                            }
                        }
                    }
                    break;
            }

            var pso = PSObject.AsPSObject(value!);
            foreach (var name in new[] { "Url", "Uri" })
            {
                var property = pso.Properties[name];
                if (property == null) continue;
                object? propertyValue;
                try
                {
                    propertyValue = property.Value;
                }
                catch (GetValueException)
                {
                    continue;
                }
                return FromValue(value, Unwrap(propertyValue), Text(PropertyValue(pso, "Method")), Text(PropertyValue(pso, "BucketName")));
            }
            return new PresignedUrlInput(value, null, null, null,
                $"expected a URL string, a [uri] or an object with a Url property, not a {item!.GetType().FullName}");
        }

        private static PresignedUrlInput FromValue(object? target, object? url, string? method, string? bucket)
        {
            switch (url)
            {
                case string s:
                    return new PresignedUrlInput(target, s, NormalizeMethod(method), bucket, null);
                case Uri u:
                    return new PresignedUrlInput(target, u.OriginalString, NormalizeMethod(method), bucket, null);
                case null:
                    return new PresignedUrlInput(target, null, null, null, "the object's Url property is empty");
                default:
                    return new PresignedUrlInput(target, null, null, null, $"the object's Url property is a {url.GetType().FullName}, not a string or [uri]");
            }
        }

        private static string? NormalizeMethod(string? method)
        {
            if (method == null) return null;
            var m = method.Trim().ToUpperInvariant();
            return m == "GET" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "POST" ? m : null;
        }

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        private static string? Text(object? value)
        {
            var v = Unwrap(value);
            return v as string ?? (v is Enum ? v.ToString() : null);
        }

        private static object? Lookup(IDictionary d, string name)
        {
            foreach (DictionaryEntry e in d)
            {
                if (e.Key is string k && string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) return e.Value;
            }
            return null;
        }

        private static object? PropertyValue(PSObject pso, string name)
        {
            try
            {
                return pso.Properties[name]?.Value;
            }
            catch (GetValueException)
            {
                return null;
            }
        }
    }
}
