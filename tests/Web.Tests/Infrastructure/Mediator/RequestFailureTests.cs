using System.Text.Json;
using AssessmentEngine.Domain;
using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Infrastructure.Mediator;

public sealed class RequestFailureTests
{
    [Theory]
    [InlineData(typeof(NotFoundException), 404)]
    [InlineData(typeof(ConflictException), 409)]
    [InlineData(typeof(DomainException), 422)]
    public async Task A_failure_becomes_a_problem_with_its_status_and_message(Type exceptionType, int status)
    {
        // A domain refusal is always coded (its plain-message constructor is gone); the others carry a message only.
        var exception = exceptionType == typeof(DomainException)
            ? new DomainException("OutcomeAlreadyDecided", "Outcome 7 was already approved.", 7)
            : (Exception)Activator.CreateInstance(exceptionType, "Outcome 7 was already approved.")!;

        var (handled, response, problem) = await Handle(exception);

        handled.Should().BeTrue();
        response.StatusCode.Should().Be(status);
        problem.GetProperty("status").GetInt32().Should().Be(status);
        problem.GetProperty("detail").GetString().Should().Be("Outcome 7 was already approved.");
    }

    [Fact]
    public async Task A_validation_failure_is_a_400_with_every_error_by_field()
    {
        var exception = new ValidationException(new Dictionary<string, string[]> { ["name"] = ["A name is required."], ["points"] = ["Too many.", "Not a number."] });

        var (_, response, problem) = await Handle(exception);

        response.StatusCode.Should().Be(400);
        problem.GetProperty("errors").GetProperty("points").GetArrayLength().Should().Be(2);
        problem.GetProperty("errors").GetProperty("name")[0].GetString().Should().Be("A name is required.");
    }

    [Fact]
    public async Task Any_other_exception_is_left_to_the_default_500_handling()
    {
        var (handled, _, _) = await Handle(new InvalidOperationException("bug"));

        handled.Should().BeFalse();
    }

    private static async Task<(bool Handled, HttpResponse Response, JsonElement Problem)> Handle(Exception exception)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = new MemoryStream();
        var handler = new RequestFailureHandler(services.GetRequiredService<IProblemDetailsService>());

        var handled = await handler.TryHandleAsync(context, exception, CancellationToken.None);

        context.Response.Body.Position = 0;
        var problem = handled ? await JsonSerializer.DeserializeAsync<JsonElement>(context.Response.Body) : default;
        return (handled, context.Response, problem);
    }
}
