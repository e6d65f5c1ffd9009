using System;
using System.Globalization;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PresignTools.Core.Credentials.Sources
{
    /// <summary>
    /// Reads the small JSON documents credential endpoints return (container, instance metadata, SSO,
    /// credential_process) with the framework's JSON-to-XML reader, available on .NET Framework and .NET.
    /// </summary>
    internal static class JsonDocumentReader
    {
        /// <exception cref="FormatException">Not a JSON object.</exception>
        public static XElement ParseObject(string json)
        {
            try
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                using (var reader = JsonReaderWriterFactory.CreateJsonReader(bytes, XmlDictionaryReaderQuotas.Max))
                {
                    var root = XElement.Load(reader);
                    if ((string?)root.Attribute("type") != "object") throw new FormatException("the document is not a JSON object");
                    return root;
                }
            }
            catch (XmlException e)
            {
                throw new FormatException("the document is not valid JSON (" + e.Message.Split('\n')[0].Trim() + ")");
            }
        }

        /// <summary>A member's text (string, number or bool), or null. Names are matched exactly, then ignoring case.</summary>
        public static string? Get(XElement obj, string name)
        {
            var element = obj.Elements().FirstOrDefault(e => MemberName(e) == name)
                ?? obj.Elements().FirstOrDefault(e => string.Equals(MemberName(e), name, StringComparison.OrdinalIgnoreCase));
            if (element == null) return null;
            var type = (string?)element.Attribute("type");
            if (type == "null" || type == "object" || type == "array") return null;
            return element.Value;
        }

        public static XElement? GetObject(XElement obj, string name)
        {
            var element = obj.Elements().FirstOrDefault(e => MemberName(e) == name);
            return element != null && (string?)element.Attribute("type") == "object" ? element : null;
        }

        // Members whose names are not valid XML names come as <a:item item="name">.
        private static string MemberName(XElement e) => (string?)e.Attribute("item") ?? e.Name.LocalName;

        /// <summary>An ISO 8601 time or epoch milliseconds/seconds, as UTC.</summary>
        public static DateTimeOffset? ParseTime(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                return n > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(n) : DateTimeOffset.FromUnixTimeSeconds(n);
            }
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                return t;
            }
            throw new FormatException($"'{text}' is not a time");
        }
    }
}
