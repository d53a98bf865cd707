using AssessmentEngine.Web.Cli;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Tests.Cli;

public sealed class CommandLineTests
{
    private static async Task<(int? ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.TryRunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_exits_non_zero_without_starting_the_server(string word)
    {
        var (exitCode, output, _) = await RunAsync(word);

        exitCode.Should().Be(CommandLine.UsageExitCode).And.NotBe(0);
        output.Should().Contain("usage: dotnet run --project src/Web").And.Contain("rules validate <file.json>…").And.Contain("evaluate --period");
    }

    [Fact]
    public async Task Help_after_server_options_is_still_help()
    {
        var (exitCode, output, _) = await RunAsync("--urls", "http://localhost:5080", "--help");

        exitCode.Should().Be(CommandLine.UsageExitCode);
        output.Should().Contain("usage:");
    }

    [Theory]
    [InlineData("rule", "validate", "rules/officer-monthly.json")]
    [InlineData("serve")]
    [InlineData("evaluat", "--period", "2026-10")]
    public async Task An_unknown_command_names_itself_prints_the_usage_and_exits_non_zero(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(args);

        exitCode.Should().Be(CommandLine.UsageExitCode);
        output.Should().BeEmpty();
        error.Should().StartWith($"unknown command '{args[0]}'").And.Contain("usage:");
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://0.0.0.0:5080")]
    [InlineData("--environment", "Production", "--urls", "http://127.0.0.1:0")]
    public async Task The_server_starts_without_arguments_or_with_options_only(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(args);

        exitCode.Should().BeNull();
        (output + error).Should().BeEmpty();
    }

    [Fact]
    public async Task A_rules_command_without_a_verb_is_a_usage_error()
    {
        var (exitCode, _, error) = await RunAsync("rules");

        exitCode.Should().Be(CommandLine.UsageExitCode);
        error.Should().StartWith("usage: rules validate");
    }
}

public sealed class ApplicationHomeTests
{
    private static readonly string Project = Path.Combine(Path.GetTempPath(), "clone", "src", "Web");

    [Theory]
    [InlineData("bin/Debug/net10.0/")]
    [InlineData("bin/Release/net10.0/")]
    public void A_build_in_the_source_tree_lives_in_its_project_folder(string output)
    {
        ApplicationHome.Locate(Path.Combine(Project, output), Project).Should().Be(Path.GetFullPath(Project));
    }

    [Fact]
    public void A_published_app_lives_in_its_own_folder()
    {
        var published = Path.Combine(Path.GetTempPath(), "opt", "assessment") + Path.DirectorySeparatorChar;

        ApplicationHome.Locate(published, Project).Should().Be(published);
        ApplicationHome.Locate(published, projectDirectory: null).Should().Be(published);
    }

    [Fact]
    public void A_folder_that_only_starts_like_the_project_folder_is_not_it()
    {
        var sibling = Path.Combine(Project + "-binaries", "bin", "Debug") + Path.DirectorySeparatorChar;

        ApplicationHome.Locate(sibling, Project).Should().Be(sibling);
    }

    [Fact]
    public void The_server_takes_its_content_root_from_the_application_unless_the_caller_gave_one()
    {
        ApplicationHome.ServerOptions(["--urls", "http://127.0.0.1:0"]).ContentRootPath.Should().Be(ApplicationHome.Directory);
        ApplicationHome.ServerOptions(["--contentRoot", "/srv/ae"]).ContentRootPath.Should().BeNull();
        ApplicationHome.ServerOptions(["--contentRoot=/srv/ae"]).ContentRootPath.Should().BeNull();
    }
}

public sealed class CommandDatabaseTests
{
    [Fact]
    public void Without_options_a_command_uses_the_servers_SQLite_file_under_the_application_not_the_working_directory()
    {
        var database = CommandDatabase.Resolve(new CommandArguments([]));

        database.Provider.Should().Be(DatabaseProvider.Sqlite);
        database.ConnectionString.Should().Be($"Data Source={Path.Combine(ApplicationHome.Directory, "data", "assessment.db")}");
        database.ToString().Should().Be($"Sqlite {Path.Combine(ApplicationHome.Directory, "data", "assessment.db")}");
    }

    [Fact]
    public void A_connection_given_on_the_command_line_wins()
    {
        var database = CommandDatabase.Resolve(new CommandArguments(["--connection", "Data Source=/tmp/other.db"]));

        database.ConnectionString.Should().Be("Data Source=/tmp/other.db");
    }

    [Fact]
    public void PostgreSQL_without_a_connection_is_a_usage_error_that_says_what_to_set()
    {
        var act = () => CommandDatabase.Resolve(new CommandArguments(["--provider", "postgres"]));

        act.Should().Throw<CommandException>().WithMessage("*Database:ConnectionString is empty*--connection*");
    }

    [Fact]
    public void PostgreSQL_is_described_by_host_and_database_never_by_its_password()
    {
        var database = CommandDatabase.Resolve(new CommandArguments(["--provider", "postgres", "--connection", "Host=db.example;Database=assessment;Username=app;Password=secret"]));

        database.ToString().Should().Be("Postgres db.example/assessment");
    }
}
