using AssessmentEngine.Web.Infrastructure.Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AssessmentEngine.Web.Tests.Infrastructure.Mediator;

public sealed class MediatorTests
{
    [Fact]
    public void Every_request_of_the_application_has_exactly_one_handler()
    {
        var act = () => new ServiceCollection().AddMediator(typeof(Program).Assembly);

        act.Should().NotThrow();
    }

    [Fact]
    public void A_request_without_a_handler_stops_the_start_up()
    {
        var act = () => new ServiceCollection().AddMediator([typeof(Ping), typeof(PingHandler), typeof(Orphan)]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*none found for Orphan*");
    }

    [Fact]
    public void A_request_with_two_handlers_stops_the_start_up()
    {
        var act = () => new ServiceCollection().AddMediator([typeof(Ping), typeof(PingHandler), typeof(SecondPingHandler)]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*Ping is handled by PingHandler and SecondPingHandler*");
    }

    [Fact]
    public async Task Behaviours_wrap_the_handler_in_the_order_they_were_registered()
    {
        var trace = new List<string>();
        await using var services = new ServiceCollection()
            .AddSingleton(trace)
            .AddMediator([typeof(Ping), typeof(PingHandler)])
            .AddPipelineBehavior(typeof(Outer<,>))
            .AddPipelineBehavior(typeof(Inner<,>))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var first = await mediator.Send(new Ping("a"));
        var second = await mediator.Send(new Ping("b"));

        first.Should().Be("pong a");
        second.Should().Be("pong b");
        trace.Should().Equal("outer a", "inner a", "handler a", "outer b", "inner b", "handler b");
    }

    [Fact]
    public async Task Validation_reports_every_failure_of_the_request_and_its_validators_and_the_handler_never_runs()
    {
        var trace = new List<string>();
        await using var services = new ServiceCollection()
            .AddSingleton(trace)
            .AddMediator([typeof(Rename), typeof(RenameHandler), typeof(RenameValidator)])
            .AddPipelineBehavior(typeof(ValidationBehavior<,>))
            .BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();

        var act = () => scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Rename("", -1));

        var thrown = await act.Should().ThrowAsync<ValidationException>();
        thrown.Which.Errors.Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["name"] = ["A name is required.", "The name '' is taken."],
            ["version"] = ["Versions start at 0."],
        });
        trace.Should().BeEmpty();
    }

    [Fact]
    public async Task A_request_type_the_mediator_was_not_built_with_is_refused_with_its_name()
    {
        await using var services = new ServiceCollection().AddMediator([typeof(Ping), typeof(PingHandler)]).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();

        var act = () => scope.ServiceProvider.GetRequiredService<IMediator>().Send(new Orphan());

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("No handler is registered for Orphan*");
    }

    public sealed record Ping(string Text) : IRequest<string>;

    public sealed record Orphan : IRequest<int>;

    public sealed record Rename(string Name, int Version) : IRequest<bool>, IValidatable
    {
        public void Validate(ValidationErrors errors)
        {
            errors.Check(Name.Length > 0, "name", "A name is required.");
            errors.Check(Version >= 0, "version", "Versions start at 0.");
        }
    }

    public sealed class PingHandler(List<string> trace) : IRequestHandler<Ping, string>
    {
        public Task<string> Handle(Ping request, CancellationToken cancellationToken)
        {
            trace.Add("handler " + request.Text);
            return Task.FromResult("pong " + request.Text);
        }
    }

    public sealed class SecondPingHandler : IRequestHandler<Ping, string>
    {
        public Task<string> Handle(Ping request, CancellationToken cancellationToken) => Task.FromResult("other");
    }

    public sealed class RenameHandler(List<string> trace) : IRequestHandler<Rename, bool>
    {
        public Task<bool> Handle(Rename request, CancellationToken cancellationToken)
        {
            trace.Add("renamed");
            return Task.FromResult(true);
        }
    }

    public sealed class RenameValidator : IValidator<Rename>
    {
        public Task ValidateAsync(Rename request, ValidationErrors errors, CancellationToken cancellationToken)
        {
            errors.Add("name", $"The name '{request.Name}' is taken.");
            return Task.CompletedTask;
        }
    }

    public sealed class Outer<TRequest, TResponse>(List<string> trace) : IPipelineBehavior<TRequest, TResponse>
        where TRequest : IRequest<TResponse>
    {
        public Task<TResponse> Handle(TRequest request, RequestContinuation<TResponse> next, CancellationToken cancellationToken)
        {
            trace.Add("outer " + (request as Ping)?.Text);
            return next();
        }
    }

    public sealed class Inner<TRequest, TResponse>(List<string> trace) : IPipelineBehavior<TRequest, TResponse>
        where TRequest : IRequest<TResponse>
    {
        public Task<TResponse> Handle(TRequest request, RequestContinuation<TResponse> next, CancellationToken cancellationToken)
        {
            trace.Add("inner " + (request as Ping)?.Text);
            return next();
        }
    }
}
