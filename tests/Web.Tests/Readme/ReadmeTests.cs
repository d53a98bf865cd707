using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AssessmentEngine.Web.Tests.Readme;

/// <summary>
/// The README is tested: every shell block marked <c>&lt;!-- readme-test --&gt;</c> runs, in order, from the repository
/// root as a reader would type it, against a fresh data folder that holds the demo detachment's October 2026; a block
/// fails the test when it exits otherwise than its marker says (<c>exit=1</c>; 0 unless given) or prints other than the
/// output block right after it (<c>…</c> stands for any text in a line, a line of <c>…</c> alone for any lines).
/// `dotnet run` gets <c>--no-build -c Release</c>: the test run has built the project already.
/// </summary>
public sealed partial class ReadmeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BlockDeadline = TimeSpan.FromMinutes(5);

    /// <summary>Runs `dotnet run` on what the test run built, instead of building the project again.</summary>
    private const string Prelude = """
        dotnet() { if [ "$1" = run ]; then shift; command dotnet run --no-build -c Release "$@"; else command dotnet "$@"; fi; }
        set -eo pipefail
        exec 2>&1

        """;

    public static string RepositoryRoot { get; } = FindRoot();

    [Fact]
    public void The_README_marks_runnable_blocks_and_shows_their_output()
    {
        var blocks = ReadmeBlock.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")));

        blocks.Should().HaveCountGreaterThanOrEqualTo(5);
        blocks.Should().Contain(b => b.Script.Contains("rules validate rules/*.json", StringComparison.Ordinal) && b.ExpectedOutput != null);
        blocks.Should().Contain(b => b.Script.Contains("rules eval rules/officer-monthly.json --input officer=rules/examples/officer.json", StringComparison.Ordinal));
        blocks.Should().Contain(b => b.ExpectedExitCode != 0);
    }

    [Fact]
    public async Task Every_runnable_README_block_works_as_printed_from_the_repository_root()
    {
        var data = Directory.CreateTempSubdirectory("ae-readme-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = "",
                ["Database__DataDirectory"] = data,
            };
            var seed = await RunAsync(RepositoryRoot, "dotnet run --project src/Web -- seed --months 2026-10", environment);
            seed.ExitCode.Should().Be(0, seed.Output);

            foreach (var block in ReadmeBlock.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "README.md"))))
            {
                output.WriteLine($"$ {block.Script}");
                var result = await RunAsync(RepositoryRoot, block.Script, environment);
                output.WriteLine(result.Output);
                result.ExitCode.Should().Be(block.ExpectedExitCode, $"README line {block.Line} exits {block.ExpectedExitCode}:\n{block.Script}\nprinted:\n{result.Output}");
                if (block.ExpectedOutput is { } expected)
                    ReadmeBlock.Matches(expected, result.Output).Should().BeTrue($"README line {block.Line} shows:\n{expected}\nbut the command printed:\n{result.Output}");
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_command_run_from_another_directory_uses_the_applications_data_folder_not_one_under_the_working_directory()
    {
        var elsewhere = Directory.CreateTempSubdirectory("ae-cwd-").FullName;
        var name = $"data-test-{Guid.NewGuid():N}";
        var anchored = Path.Combine(RepositoryRoot, "src", "Web", name);
        try
        {
            var result = await RunAsync(elsewhere, $"dotnet run --project {RepositoryRoot}/src/Web -- evaluate --period 2026-10",
                new Dictionary<string, string> { ["Database__Provider"] = "Sqlite", ["Database__ConnectionString"] = "", ["Database__DataDirectory"] = name });

            result.ExitCode.Should().Be(0, result.Output);
            result.Output.Should().Contain($"database: Sqlite {Path.Combine(anchored, "assessment.db")}");
            File.Exists(Path.Combine(anchored, "assessment.db")).Should().BeTrue("the server reads its database there");
            Directory.Exists(Path.Combine(elsewhere, name)).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
            if (Directory.Exists(anchored))
                Directory.Delete(anchored, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string script, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", ["-c", Prelude + script])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(BlockDeadline);
        var text = process.StandardOutput.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{script}` did not finish within {BlockDeadline.TotalMinutes} minutes");
        }
        var lines = (await text).Split('\n').Where(l => !l.StartsWith("Using launch settings from", StringComparison.Ordinal));
        return (process.ExitCode, string.Join('\n', lines).TrimEnd());
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AssessmentEngine.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("AssessmentEngine.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A shell block of the README marked as runnable, with the exit code and output the README shows for it.</summary>
public sealed partial record ReadmeBlock(int Line, string Script, int ExpectedExitCode, string? ExpectedOutput)
{
    public static IReadOnlyList<ReadmeBlock> Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var blocks = new List<ReadmeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = Marker().Match(lines[i]);
            if (!marker.Success)
                continue;
            var exit = marker.Groups["exit"].Success ? int.Parse(marker.Groups["exit"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            var (script, next) = Fence(lines, NextNonBlank(lines, i + 1), "bash")
                ?? throw new FormatException($"README line {i + 1}: a readme-test marker must stand right before a ```bash block");
            var output = Fence(lines, NextNonBlank(lines, next), "");
            blocks.Add(new ReadmeBlock(i + 1, script, exit, output?.Text));
            i = next - 1;
        }
        return blocks;
    }

    /// <summary>Whether <paramref name="actual"/> is what <paramref name="expected"/> shows, line by line, with … as a wildcard.</summary>
    public static bool Matches(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        // Each expected line matches one whole line; a line of … alone matches any number of lines, none included.
        var pattern = string.Concat(expected.Split('\n').Select(l => l.Trim() == "…"
            ? "(?:[^\n]*\n)*?"
            : string.Join("[^\n]*", l.TrimEnd().Split('…').Select(Regex.Escape)) + "\n"));
        var lines = string.Concat(actual.Split('\n').Select(l => l.TrimEnd() + "\n"));
        return Regex.IsMatch(lines, $"^{pattern}$", RegexOptions.None, TimeSpan.FromSeconds(10));
    }

    private static int NextNonBlank(string[] lines, int from)
    {
        while (from < lines.Length && string.IsNullOrWhiteSpace(lines[from]))
            from++;
        return from;
    }

    /// <summary>The fenced block at <paramref name="at"/> whose info string is <paramref name="language"/>, and the line after it.</summary>
    private static (string Text, int Next)? Fence(string[] lines, int at, string language)
    {
        if (at >= lines.Length || lines[at].Trim() != "```" + language)
            return null;
        var end = Array.FindIndex(lines, at + 1, l => l.Trim() == "```");
        if (end < 0)
            throw new FormatException($"README line {at + 1}: the block is not closed");
        return (string.Join("\n", lines[(at + 1)..end]).TrimEnd(), end + 1);
    }

    [GeneratedRegex(@"^<!--\s*readme-test(?:\s+exit=(?<exit>\d+))?\s*-->\s*$")]
    private static partial Regex Marker();
}

public sealed class ReadmeBlockTests
{
    private const string Markdown = """
        Text.

        <!-- readme-test -->
        ```bash
        dotnet run --project src/Web -- rules validate rules/*.json
        ```
        ```
        6 file(s) checked, … error(s)
        ```

        ```bash
        not marked
        ```

        <!-- readme-test exit=2 -->
        ```bash
        dotnet run --project src/Web -- rule validate
        ```
        """;

    [Fact]
    public void Only_marked_blocks_are_read_with_their_exit_code_and_the_output_block_right_after_them()
    {
        var blocks = ReadmeBlock.Parse(Markdown);

        blocks.Should().Equal(
            new ReadmeBlock(3, "dotnet run --project src/Web -- rules validate rules/*.json", 0, "6 file(s) checked, … error(s)"),
            new ReadmeBlock(15, "dotnet run --project src/Web -- rule validate", 2, null));
    }

    [Fact]
    public void A_marker_without_a_bash_block_after_it_is_a_mistake_in_the_README()
    {
        var act = () => ReadmeBlock.Parse("<!-- readme-test -->\n```json\n{}\n```\n");

        act.Should().Throw<FormatException>().WithMessage("README line 1:*");
    }

    [Theory]
    [InlineData("a\nb", "a\nb", true)]
    [InlineData("a\nb", "a\nc", false)]
    [InlineData("a\nb", "a\nb\nc", false)]
    [InlineData("total … s", "total 3.20 s", true)]
    [InlineData("first\n…\nlast", "first\nx\ny\nlast", true)]
    [InlineData("first\n…\nlast", "first\nlast", true)]
    [InlineData("first\n…\nlast", "first\nx", false)]
    [InlineData("a (b) [c]", "a (b) [c]", true)]
    public void Output_matches_line_by_line_with_an_ellipsis_for_any_text(string expected, string actual, bool matches)
    {
        ReadmeBlock.Matches(expected, actual).Should().Be(matches);
    }
}
