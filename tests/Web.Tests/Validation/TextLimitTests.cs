using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Validation;

/// <summary>
/// Every text field of every command is held to the length of the column it is stored in (or its declared bound), so
/// that PostgreSQL never sees a value its column refuses (a 500) and SQLite never stores one silently.
/// </summary>
public abstract class TextLimitTests<TApp>(TApp fixture) : IClassFixture<TApp>
    where TApp : TestAppFixture
{
    private TestApp App => fixture.App;

    /// <summary>Every command of the Web assembly, found by reflection: a new command's text fields are covered without listing them here.</summary>
    private static IEnumerable<Type> Commands() =>
        typeof(ICommand).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(ICommand)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static IEnumerable<PropertyInfo> TextFields(Type command) =>
        command.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string) && p.CanRead);

    [Fact]
    public void Every_text_field_of_every_command_has_a_limit()
    {
        var limits = App.Services.GetRequiredService<TextLimits>();

        var unbounded = Commands().SelectMany(c => TextFields(c).Where(p => limits.MaxLengthOf(p) is null).Select(p => $"{c.Name}.{p.Name}")).ToList();

        Commands().Should().HaveCountGreaterThan(10, "the commands are discovered from the assembly");
        unbounded.Should().BeEmpty("a text field needs [StoredIn] naming its column (the limit comes from the model) or [NotStored(max)]");
    }

    [Fact]
    public async Task An_over_long_value_in_any_text_field_of_any_command_is_refused_naming_the_field_and_the_limit()
    {
        var limits = App.Services.GetRequiredService<TextLimits>();
        var checkedFields = new List<string>();
        var failures = new List<string>();
        foreach (var command in Commands())
        {
            foreach (var field in TextFields(command))
            {
                var max = limits.MaxLengthOf(field)!.Value;
                var request = Build(command, field.Name, new string('x', max + 1));
                var name = JsonNamingPolicy.CamelCase.ConvertName(field.Name);
                await using var scope = App.Services.CreateAsyncScope();
                var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
                try
                {
                    await SendAsync(mediator, request);
                    failures.Add($"{command.Name}.{field.Name}: accepted {max + 1} characters");
                }
                catch (ValidationException refused) when (refused.Errors.TryGetValue(name, out var messages) && messages.Any(m => m.Contains($"at most {max} characters", StringComparison.Ordinal)))
                {
                    checkedFields.Add($"{command.Name}.{field.Name}");
                }
                catch (Exception other)
                {
                    failures.Add($"{command.Name}.{field.Name}: {other.GetType().Name} {other.Message}");
                }
            }
        }

        failures.Should().BeEmpty();
        checkedFields.Should().Contain(["RejectOutcome.Reason", "ScheduleInterview.Interviewer", "RecordInterview.Notes", "UpholdAppeal.Reason", "RejectAppeal.Reason"]);
    }

    [Theory]
    [InlineData("/api/outcomes/{0}/reject", "reason", 2000)]
    [InlineData("/api/outcomes/{0}/schedule", "interviewer", 64)]
    [InlineData("/api/outcomes/{0}/hold", "notes", 8000)]
    [InlineData("/api/appeals/{0}/uphold", "reason", 2000)]
    [InlineData("/api/appeals/{0}/reject", "reason", 2000)]
    public async Task The_fields_the_fault_pass_found_answer_400_over_http(string route, string field, int max)
    {
        var admin = await App.AdminAsync();
        var body = new Dictionary<string, object>
        {
            ["reason"] = "ok",
            ["interviewer"] = "ok",
            ["notes"] = "ok",
            ["points"] = 1,
            ["level"] = "Squad",
            ["at"] = DateTimeOffset.UtcNow,
            ["heldAt"] = DateTimeOffset.UtcNow,
        };
        body[field] = new string('字', max + 1);

        var response = await admin.PostAsJsonAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, route, Guid.NewGuid()), body, TestApp.Json);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().Contain($"at most {max} characters");
    }

    private static object Build(Type command, string field, string value)
    {
        var constructor = command.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters()
            .Select(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase) ? value : Plausible(p.ParameterType))
            .ToArray();
        return constructor.Invoke(arguments);
    }

    /// <summary>A harmless value of the type: the only thing wrong with the command is the over-long field.</summary>
    private static object? Plausible(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null) return null;
        if (type == typeof(string)) return "x";
        if (type == typeof(Guid)) return Guid.NewGuid();
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.UtcNow;
        if (type == typeof(DateTime)) return DateTime.UtcNow;
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type.IsValueType) return Convert.ChangeType(1, type, System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    private static async Task SendAsync(IMediator mediator, object request) => await mediator.Send(request);
}

/// <summary>With the scheduler on (nothing scheduled), so that every command's handler, the scheduler's too, can be built.</summary>
public abstract class SchedulingApp : TestAppFixture
{
    protected override IReadOnlyDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["Scheduling:Enabled"] = "true",
        ["Scheduling:Monthly"] = "",
        ["Scheduling:Quarterly"] = "",
        ["Scheduling:CatchUpMonths"] = "0",
    };
}

public sealed class SqliteSchedulingApp : SchedulingApp
{
    protected override AssessmentEngine.Web.Persistence.DatabaseProvider Provider => AssessmentEngine.Web.Persistence.DatabaseProvider.Sqlite;
}

public sealed class PostgresSchedulingApp : SchedulingApp
{
    protected override AssessmentEngine.Web.Persistence.DatabaseProvider Provider => AssessmentEngine.Web.Persistence.DatabaseProvider.Postgres;
}

public sealed class TextLimitTestsOnSqlite(SqliteSchedulingApp app) : TextLimitTests<SqliteSchedulingApp>(app);

public sealed class TextLimitTestsOnPostgres(PostgresSchedulingApp app) : TextLimitTests<PostgresSchedulingApp>(app);
