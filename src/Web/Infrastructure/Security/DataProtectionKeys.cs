using System.Xml.Linq;
using AssessmentEngine.Web.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>A key that protects sign-in cookies, kept in the database so that every node reads the cookies of the others.</summary>
public sealed class DataProtectionKey
{
    private DataProtectionKey()
    {
        Xml = string.Empty;
    }

    public DataProtectionKey(string? friendlyName, string xml)
    {
        FriendlyName = friendlyName;
        Xml = xml;
    }

    public long Id { get; private set; }

    public string? FriendlyName { get; private set; }

    public string Xml { get; private set; }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(k => k.FriendlyName).HasColumnName("friendly_name");
        builder.Property(k => k.Xml).HasColumnName("xml").IsRequired();
    }
}

/// <summary>Stores the data-protection key ring in <c>data_protection_keys</c>; the framework reads it rarely and caches it.</summary>
internal sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        return db.Set<DataProtectionKey>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().ConvertAll(XElement.Parse);
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AssessmentDbContext>();
        db.Add(new DataProtectionKey(friendlyName, element.ToString(SaveOptions.DisableFormatting)));
        db.SaveChanges();
    }
}

internal static class DataProtectionSetup
{
    public static IServiceCollection AddDatabaseDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("AssessmentEngine");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new DatabaseKeyRepository(provider.GetRequiredService<IServiceScopeFactory>())));
        return services;
    }
}
