using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text;

namespace PresignTools
{
    /// <summary>
    /// The headers a client must send with a presigned request, name → value: read-only, names
    /// case-insensitive. It prints as HTTP header lines ("Content-Type: text/plain"), so Export-Csv and
    /// string output show the headers instead of a .NET type name; ConvertTo-Json writes a small object.
    /// </summary>
    public sealed class SignedHeaders : ReadOnlyDictionary<string, string>
    {
        /// <summary>No headers beyond Host: shared, so most links allocate nothing for it.</summary>
        internal static readonly SignedHeaders Empty =
            new SignedHeaders(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

        private SignedHeaders(IDictionary<string, string> headers) : base(headers)
        {
        }

        /// <summary>Wraps (does not copy) a producer's dictionary; empty ones become <see cref="Empty"/>.</summary>
        internal static SignedHeaders From(IDictionary<string, string>? headers)
        {
            if (headers is SignedHeaders signed) return signed;
            if (headers == null || headers.Count == 0) return Empty;
            return new SignedHeaders(headers);
        }

        /// <summary>One "Name: value" line per header, as the request must carry them; empty when there are none.</summary>
        public override string ToString()
        {
            if (Count == 0) return string.Empty;
            var text = new StringBuilder();
            foreach (var header in this)
            {
                if (text.Length > 0) text.Append('\n');
                text.Append(header.Key).Append(": ").Append(header.Value);
            }
            return text.ToString();
        }
    }
}
