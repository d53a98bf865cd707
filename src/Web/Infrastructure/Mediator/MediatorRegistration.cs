using System.Reflection;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

public static class MediatorRegistration
{
    /// <summary>
    /// Registers the mediator with every request handler and validator found in <paramref name="assembly"/>.
    /// A request type without a handler, or with two, stops the start-up here instead of failing the first call.
    /// </summary>
    public static IServiceCollection AddMediator(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return services.AddMediator(assembly.GetTypes());
    }

    internal static IServiceCollection AddMediator(this IServiceCollection services, IEnumerable<Type> types)
    {
        var concrete = types.Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }).ToList();
        var handlers = concrete
            .SelectMany(t => ClosedInterfaces(t, typeof(IRequestHandler<,>)).Select(i => (Implementation: t, Service: i)))
            .GroupBy(h => h.Service.GetGenericArguments()[0])
            .ToList();

        var duplicates = handlers.Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Name} is handled by {string.Join(" and ", g.Select(h => h.Implementation.Name))}")
            .ToList();
        if (duplicates.Count > 0)
            throw new InvalidOperationException($"Every request needs exactly one handler: {string.Join("; ", duplicates)}.");

        var handled = handlers.Select(g => g.Key).ToHashSet();
        var unhandled = concrete
            .Where(t => ClosedInterfaces(t, typeof(IRequest<>)).Any() && !handled.Contains(t))
            .Select(t => t.Name)
            .ToList();
        if (unhandled.Count > 0)
            throw new InvalidOperationException($"Every request needs exactly one handler; none found for {string.Join(", ", unhandled)}.");

        var pipelines = new List<RequestPipeline>();
        foreach (var group in handlers)
        {
            var (implementation, service) = group.Single();
            var arguments = service.GetGenericArguments();
            if (!arguments[0].IsAssignableTo(typeof(IRequest<>).MakeGenericType(arguments[1])))
                throw new InvalidOperationException($"{implementation.Name} answers {arguments[0].Name} with {arguments[1].Name}, but the request does not declare that response.");
            services.AddScoped(service, implementation);
            pipelines.Add((RequestPipeline)Activator.CreateInstance(typeof(RequestPipeline<,>).MakeGenericType(arguments))!);
        }

        foreach (var validator in concrete)
        {
            foreach (var service in ClosedInterfaces(validator, typeof(IValidator<>)))
                services.AddScoped(service, validator);
        }

        services.AddSingleton(new RequestPipelines(pipelines));
        services.AddScoped<IMediator, Mediator>();
        return services;
    }

    /// <summary>Adds a behaviour that wraps every request; the first one added is the outermost.</summary>
    public static IServiceCollection AddPipelineBehavior(this IServiceCollection services, Type openBehaviorType) =>
        services.AddScoped(typeof(IPipelineBehavior<,>), openBehaviorType);

    private static IEnumerable<Type> ClosedInterfaces(Type type, Type openInterface) =>
        type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);
}
