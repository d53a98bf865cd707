using System.Globalization;

namespace AssessmentEngine.Web.Cli;

/// <summary>The words after a command name: `--name value` options, `--flag` switches and positional values.</summary>
internal sealed class CommandArguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _flags = new(StringComparer.OrdinalIgnoreCase);

    public CommandArguments(IEnumerable<string> words, IReadOnlySet<string>? flags = null)
    {
        var list = words.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var word = list[i];
            if (word.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = word.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                    Add(word[..equals], word[(equals + 1)..]);
                else if (flags?.Contains(word) == true || i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal))
                    _flags.Add(word);
                else
                    Add(word, list[++i]);
            }
            else
            {
                Positional.Add(word);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Values(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public int Int(string name, int fallback) =>
        Value(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new CommandException($"{name} expects a whole number, got '{text}'.")
            : fallback;

    public TEnum Enum<TEnum>(string name, TEnum fallback)
        where TEnum : struct, Enum =>
        Value(name) is { } text
            ? System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) ? value : throw new CommandException($"{name} expects one of {string.Join(", ", System.Enum.GetNames<TEnum>())}, got '{text}'.")
            : fallback;

    private void Add(string name, string value)
    {
        if (!_options.TryGetValue(name, out var values))
            _options[name] = values = [];
        values.Add(value);
    }
}

/// <summary>A mistake in a command line; printed without a stack trace.</summary>
internal sealed class CommandException(string message) : Exception(message);
