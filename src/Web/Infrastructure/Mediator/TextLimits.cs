using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using AssessmentEngine.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Infrastructure.Mediator;

/// <summary>
/// Names the column a request's text field is stored in. The field's length limit is that column's, read from the EF
/// model, so that a limit is written once (in the entity's configuration) and the request refuses what the column
/// cannot hold before any database sees it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StoredInAttribute(Type entity, string property) : Attribute
{
    public Type Entity { get; } = entity;

    public string Property { get; } = property;
}

/// <summary>A request's text field that no column holds as sent (a password, a job name), with the longest value it takes.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotStoredAttribute(int maxLength) : Attribute
{
    public int MaxLength { get; } = maxLength;
}

/// <summary>The longest text each field of a request may carry, by its <see cref="StoredInAttribute"/> or <see cref="NotStoredAttribute"/>.</summary>
public sealed class TextLimits(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<Type, IReadOnlyList<TextLimit>> _byRequest = new();
    private Microsoft.EntityFrameworkCore.Metadata.IModel? _model;

    public sealed record TextLimit(PropertyInfo Property, string Field, int MaxLength);

    public IReadOnlyList<TextLimit> Of(Type requestType)
    {
        ArgumentNullException.ThrowIfNull(requestType);
        return _byRequest.GetOrAdd(requestType, Read);
    }

    /// <summary>The limit of one field, or null when the field declares none.</summary>
    public int? MaxLengthOf(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (property.GetCustomAttribute<NotStoredAttribute>() is { } free)
            return free.MaxLength;
        if (property.GetCustomAttribute<StoredInAttribute>() is not { } stored)
            return null;
        var column = Model.FindEntityType(stored.Entity)?.FindProperty(stored.Property)
            ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} is stored in {stored.Entity.Name}.{stored.Property}, which the model does not map.");
        return column.GetMaxLength()
            ?? throw new InvalidOperationException($"{stored.Entity.Name}.{stored.Property} has no maximum length in the model, so {property.DeclaringType?.Name}.{property.Name} would be unbounded.");
    }

    private Microsoft.EntityFrameworkCore.Metadata.IModel Model
    {
        get
        {
            if (_model is null)
            {
                using var scope = scopes.CreateScope();
                _model = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>().Model;
            }
            return _model;
        }
    }

    private List<TextLimit> Read(Type requestType) =>
        requestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .Select(p => (Property: p, Max: MaxLengthOf(p)))
            .Where(p => p.Max is not null)
            .Select(p => new TextLimit(p.Property, JsonNamingPolicy.CamelCase.ConvertName(p.Property.Name), p.Max!.Value))
            .ToList();
}

/// <summary>Refuses a text field longer than its column (or its declared bound), naming the field and the limit.</summary>
internal sealed class TextLengthValidator<TRequest>(TextLimits limits) : IValidator<TRequest>
{
    public Task ValidateAsync(TRequest request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var limit in limits.Of(request.GetType()))
        {
            if (limit.Property.GetValue(request) is string { } value && value.Length > limit.MaxLength)
                errors.Add(limit.Field, "TextTooLong", $"{limit.Field} has at most {limit.MaxLength} characters; {value.Length} were sent.", limit.Field, limit.MaxLength, value.Length);
        }
        return Task.CompletedTask;
    }
}
