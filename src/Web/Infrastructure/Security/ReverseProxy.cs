using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace AssessmentEngine.Web.Infrastructure.Security;

/// <summary>
/// Behind a reverse proxy (nginx, a load balancer in front of several nodes) the caller's address and scheme arrive in
/// X-Forwarded-For / X-Forwarded-Proto. They are believed only from the proxies named in configuration, so that a
/// client cannot forge the address the audit log records or the rate limiter counts:
/// <code>ReverseProxy:KnownProxies:0=10.0.0.5</code> or <code>ReverseProxy:KnownNetworks:0=10.0.0.0/24</code>.
/// With neither set, the headers are ignored and the connection's address is used.
/// </summary>
public static class ReverseProxy
{
    public const string Section = "ReverseProxy";

    public static WebApplicationBuilder AddReverseProxySupport(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(Section);
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
            foreach (var network in networks)
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/24)."));
            // One proxy hop per configured layer is the common case; more hops need ForwardLimit raised explicitly.
            options.ForwardLimit = section.GetValue("ForwardLimit", 1);
        });
        return builder;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseReverseProxySupport(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var section = app.Configuration.GetSection(Section);
        if (section.GetSection("KnownProxies").Exists() || section.GetSection("KnownNetworks").Exists())
            app.UseForwardedHeaders();
        return app;
    }
}
