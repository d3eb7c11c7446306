using System.Globalization;

namespace OrleansBridge.Tests.Deployment;

/// <summary>
/// A reader for the subset of YAML that Kubernetes manifests use here: <c>---</c> documents, block
/// mappings and sequences by indentation, <c>- key: value</c> items, plain, single- and double-quoted
/// scalars, flow sequences of scalars (<c>["a", "b"]</c>), comments. Anything else (anchors, multi-line
/// scalars, flow mappings, tabs) is refused with the line number, so a manifest that uses it fails the
/// test instead of being half-read. Values come back as strings, <see cref="List{T}"/> and dictionaries.
/// </summary>
public static class YamlSubset
{
    public static List<Dictionary<string, object>> ParseDocuments(string text)
    {
        var documents = new List<Dictionary<string, object>>();
        var lines = new List<(int Number, int Indent, string Text)>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            if (raw.Contains('\t', StringComparison.Ordinal))
            {
                throw new FormatException($"line {number}: tabs are not allowed in YAML indentation");
            }

            var content = StripComment(raw).TrimEnd();
            if (content.Trim() == "---")
            {
                Flush();
                continue;
            }

            if (content.Trim().Length > 0)
            {
                lines.Add((number, content.Length - content.TrimStart().Length, content.Trim()));
            }
        }

        Flush();
        return documents;

        void Flush()
        {
            if (lines.Count > 0)
            {
                var index = 0;
                documents.Add(ParseMapping(lines, ref index, lines[0].Indent));
                if (index != lines.Count)
                {
                    throw new FormatException($"line {lines[index].Number}: unexpected indentation");
                }

                lines.Clear();
            }
        }
    }

    private static Dictionary<string, object> ParseMapping(List<(int Number, int Indent, string Text)> lines, ref int index, int indent)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        while (index < lines.Count && lines[index].Indent == indent && !lines[index].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var (lineNumber, _, text) = lines[index];
            var colon = KeyColon(text) ?? throw new FormatException($"line {lineNumber}: expected 'key: value', got '{text}'");
            var key = Unquote(text[..colon].Trim(), lineNumber);
            var rest = text[(colon + 1)..].Trim();
            index++;
            if (!map.TryAdd(key, rest.Length > 0 ? Scalar(rest, lineNumber) : Nested(lines, ref index, indent, lineNumber)))
            {
                throw new FormatException($"line {lineNumber}: duplicate key '{key}'");
            }
        }

        return map;
    }

    private static object Nested(List<(int Number, int Indent, string Text)> lines, ref int index, int parentIndent, int lineNumber)
    {
        if (index >= lines.Count || lines[index].Indent < parentIndent
            || (lines[index].Indent == parentIndent && !lines[index].Text.StartsWith("- ", StringComparison.Ordinal)))
        {
            return string.Empty; // "key:" with nothing under it is null; kept as empty
        }

        var childIndent = lines[index].Indent;
        return lines[index].Text.StartsWith("- ", StringComparison.Ordinal) || lines[index].Text == "-"
            ? ParseSequence(lines, ref index, childIndent)
            : childIndent > parentIndent ? ParseMapping(lines, ref index, childIndent) : throw new FormatException($"line {lineNumber}: nothing nested under the key");
    }

    private static List<object> ParseSequence(List<(int Number, int Indent, string Text)> lines, ref int index, int indent)
    {
        var list = new List<object>();
        while (index < lines.Count && lines[index].Indent == indent && lines[index].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var (lineNumber, _, text) = lines[index];
            var item = text[2..].Trim();
            if (KeyColon(item) is not null && !item.StartsWith('"') && !item.StartsWith('['))
            {
                // "- key: value" starts a mapping whose keys sit two columns in.
                lines[index] = (lineNumber, indent + 2, item);
                list.Add(ParseMapping(lines, ref index, indent + 2));
            }
            else
            {
                index++;
                list.Add(Scalar(item, lineNumber));
            }
        }

        return list;
    }

    private static object Scalar(string text, int lineNumber)
    {
        if (text.StartsWith('['))
        {
            if (!text.EndsWith(']'))
            {
                throw new FormatException($"line {lineNumber}: unterminated flow sequence");
            }

            var inner = text[1..^1].Trim();
            return inner.Length == 0 ? new List<object>() : inner.Split(',').Select(part => (object)Unquote(part.Trim(), lineNumber)).ToList();
        }

        if (text.StartsWith('{') || text.StartsWith('&') || text.StartsWith('*') || text.StartsWith('|') || text.StartsWith('>'))
        {
            throw new FormatException($"line {lineNumber}: '{text[0]}' is outside the YAML subset these manifests use");
        }

        return Unquote(text, lineNumber);
    }

    private static string Unquote(string text, int lineNumber)
    {
        if (text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\'')))
        {
            return text[1..^1];
        }

        if (text.StartsWith('"') || text.StartsWith('\''))
        {
            throw new FormatException($"line {lineNumber}: unterminated quoted string");
        }

        return text;
    }

    /// <summary>The colon that ends a key (followed by a space or the end), outside quotes.</summary>
    private static int? KeyColon(string text)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && i == 0)
            {
                quote = c;
            }
            else if (c == ':' && (i + 1 == text.Length || text[i + 1] == ' '))
            {
                return i;
            }
        }

        return null;
    }

    private static string StripComment(string line)
    {
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }

    /// <summary>Follows a path of keys (and list indexes as numbers) through parsed YAML.</summary>
    public static object? At(object? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node switch
            {
                Dictionary<string, object> map => map.GetValueOrDefault(step),
                List<object> list when int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < list.Count => list[i],
                _ => null,
            };
        }

        return node;
    }
}
