using System;
using System.Collections.Generic;
using System.IO;
using PresignTools.Core;

namespace PresignTools.Core.Credentials
{
    /// <summary>A problem with the AWS config or credentials files, worded for the user (no values).</summary>
    internal sealed class CredentialConfigException : Exception
    {
        public CredentialConfigException(string errorId, string message) : base(OneLine.Of(message))
        {
            ErrorId = errorId;
        }

        public string ErrorId { get; }
    }

    /// <summary>One profile's settings, merged from the credentials file (wins) and the config file.</summary>
    internal sealed class AwsProfile
    {
        public AwsProfile(string name, IDictionary<string, string> settings, string origin,
            IDictionary<string, string>? credentialsSection = null, IDictionary<string, string>? configSection = null)
        {
            Name = name;
            Settings = settings;
            Origin = origin;
            CredentialsSection = credentialsSection;
            ConfigSection = configSection;
        }

        /// <summary>The profile's section in the credentials file, if any.</summary>
        public IDictionary<string, string>? CredentialsSection { get; }

        /// <summary>The profile's section in the config file, if any.</summary>
        public IDictionary<string, string>? ConfigSection { get; }

        public string Name { get; }

        public IDictionary<string, string> Settings { get; }

        /// <summary>The file(s) the profile was read from, for messages.</summary>
        public string Origin { get; }

        public string? Get(string key) => Settings.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
    }

    /// <summary>
    /// The AWS CLI's shared files: the credentials file (AWS_SHARED_CREDENTIALS_FILE, ~/.aws/credentials,
    /// or -ProfileLocation) with sections named "[name]", and the config file (AWS_CONFIG_FILE,
    /// ~/.aws/config) with "[profile name]" and "[default]". Values are never logged.
    /// </summary>
    internal sealed class SharedConfigFiles
    {
        private readonly Func<string, string?> _env;

        public SharedConfigFiles(string? credentialsFileOverride, Func<string, string?> getEnvironmentVariable)
        {
            _env = getEnvironmentVariable;
            CredentialsFile = ExpandHome(credentialsFileOverride)
                ?? ExpandHome(_env("AWS_SHARED_CREDENTIALS_FILE"))
                ?? Path.Combine(HomeDirectory(), ".aws", "credentials");
            ConfigFile = ExpandHome(_env("AWS_CONFIG_FILE")) ?? Path.Combine(HomeDirectory(), ".aws", "config");
            CredentialsFileIsExplicit = !string.IsNullOrEmpty(credentialsFileOverride);
        }

        public string CredentialsFile { get; }

        public string ConfigFile { get; }

        public bool CredentialsFileIsExplicit { get; }

        private Dictionary<string, Dictionary<string, string>>? _credentials;
        private Dictionary<string, Dictionary<string, string>>? _config;

        /// <summary>Finds a profile; null when neither file has it.</summary>
        public AwsProfile? FindProfile(string name)
        {
            _credentials ??= ReadIni(CredentialsFile, mustExist: CredentialsFileIsExplicit, configStyle: false);
            _config ??= ReadIni(ConfigFile, mustExist: false, configStyle: true);

            _credentials.TryGetValue(name, out var fromCredentials);
            _config.TryGetValue(name, out var fromConfig);
            if (fromCredentials == null && fromConfig == null) return null;

            var merged = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var origins = new List<string>();
            if (fromConfig != null)
            {
                foreach (var kv in fromConfig) merged[kv.Key] = kv.Value;
                origins.Add(ConfigFile);
            }
            if (fromCredentials != null)
            {
                foreach (var kv in fromCredentials) merged[kv.Key] = kv.Value;
                origins.Insert(0, CredentialsFile);
            }
            return new AwsProfile(name, merged, string.Join(", ", origins), fromCredentials, fromConfig);
        }

        /// <summary>A non-profile section of the config file, such as "sso-session name"; null when absent.</summary>
        public IDictionary<string, string>? FindConfigSection(string section)
        {
            _config ??= ReadIni(ConfigFile, mustExist: false, configStyle: true);
            return _config.TryGetValue("#" + section, out var values) ? values : null;
        }

        /// <summary>The names of every profile in both files (for completion and messages).</summary>
        public IReadOnlyCollection<string> ProfileNames()
        {
            _credentials ??= ReadIni(CredentialsFile, mustExist: false, configStyle: false);
            _config ??= ReadIni(ConfigFile, mustExist: false, configStyle: true);
            var names = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var n in _credentials.Keys) names.Add(n);
            foreach (var n in _config.Keys) names.Add(n);
            return names;
        }

        /// <summary>Reads an INI file the way botocore does: sections, key = value, '#'/';' comments, indented sub-settings skipped.</summary>
        internal static Dictionary<string, Dictionary<string, string>> ReadIni(string path, bool mustExist, bool configStyle)
        {
            var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            string[] lines;
            try
            {
                if (Directory.Exists(path))
                {
                    throw new CredentialConfigException("CredentialsFileUnreadable", $"'{path}' is a directory, not a credentials or config file.");
                }
                if (!File.Exists(path))
                {
                    if (mustExist) throw new CredentialConfigException("CredentialsFileNotFound", $"The credentials file '{path}' does not exist.");
                    return result;
                }
                lines = File.ReadAllLines(path);
            }
            catch (CredentialConfigException)
            {
                throw;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                throw new CredentialConfigException("CredentialsFileUnreadable", $"Cannot read '{path}': {e.Message}");
            }

            Dictionary<string, string>? current = null;
            string? lastKey = null;
            for (var n = 0; n < lines.Length; n++)
            {
                var raw = lines[n];
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#' || line[0] == ';') continue;

                if (line[0] == '[')
                {
                    var close = line.IndexOf(']');
                    if (close < 0)
                    {
                        throw new CredentialConfigException("MalformedConfigFile", $"'{path}' line {n + 1}: a section header is missing its closing ']'.");
                    }
                    var section = line.Substring(1, close - 1).Trim();
                    string? name = section;
                    if (configStyle)
                    {
                        if (section.StartsWith("profile ", StringComparison.Ordinal) || section.StartsWith("profile\t", StringComparison.Ordinal))
                        {
                            name = section.Substring(8).Trim();
                        }
                        else if (section != "default")
                        {
                            // sso-session, services and other non-profile sections are kept under a prefix.
                            name = "#" + section;
                        }
                    }
                    if (!result.TryGetValue(name, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        result[name] = current;
                    }
                    lastKey = null;
                    continue;
                }

                if (char.IsWhiteSpace(raw[0]) && lastKey != null)
                {
                    // A nested setting (e.g. "s3 =\n  addressing_style = path"): kept as "parent.child".
                    var eqNested = Delimiter(line);
                    if (eqNested > 0 && current != null)
                    {
                        current[lastKey + "." + line.Substring(0, eqNested).Trim()] = StripInlineComment(line.Substring(eqNested + 1).Trim());
                    }
                    continue;
                }

                var eq = Delimiter(line);
                if (eq <= 0)
                {
                    throw new CredentialConfigException("MalformedConfigFile", $"'{path}' line {n + 1}: expected 'name = value'.");
                }
                if (current == null)
                {
                    throw new CredentialConfigException("MalformedConfigFile", $"'{path}' line {n + 1}: a setting appears before any [section].");
                }
                lastKey = line.Substring(0, eq).Trim();
                current[lastKey] = StripInlineComment(line.Substring(eq + 1).Trim());
            }
            return result;
        }

        // Like Python's configparser (which the AWS CLI uses): the first '=' or ':' separates name and value.
        private static int Delimiter(string line)
        {
            var eq = line.IndexOf('=');
            var colon = line.IndexOf(':');
            if (eq < 0) return colon;
            if (colon < 0) return eq;
            return Math.Min(eq, colon);
        }

        private static string StripInlineComment(string value)
        {
            // As most AWS SDKs read these files, " #" and " ;" (white space, then the marker) start a comment.
            for (var i = 1; i < value.Length; i++)
            {
                if ((value[i] == '#' || value[i] == ';') && char.IsWhiteSpace(value[i - 1]))
                {
                    return value.Substring(0, i).TrimEnd();
                }
            }
            return value;
        }

        private string? ExpandHome(string? path)
        {
            if (string.IsNullOrWhiteSpace(path)) return null;
            if (path!.StartsWith("~", StringComparison.Ordinal))
            {
                return HomeDirectory() + path.Substring(1);
            }
            return path;
        }

        public string HomeDirectory()
        {
            var home = _env("HOME");
            if (string.IsNullOrEmpty(home)) home = _env("USERPROFILE");
            if (string.IsNullOrEmpty(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return home!;
        }
    }
}
