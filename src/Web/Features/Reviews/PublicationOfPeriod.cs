using AssessmentEngine.Web.Features.Results;
using AssessmentEngine.Web.Infrastructure.Mediator;
using AssessmentEngine.Web.Infrastructure.Security;
using AssessmentEngine.Web.Persistence;

namespace AssessmentEngine.Web.Features.Reviews;

/// <summary>Where the period's latest completed run stands: draft, published (公示) until the end of its appeal window, or final.</summary>
[AllowedRoles(Role.Admin, Role.Leader, Role.Inspector, Role.Auditor)]
public sealed record PublicationOfPeriod(string Period) : IRequest<PublicationView>;

internal sealed class PublicationOfPeriodHandler(AssessmentDbContext db) : IRequestHandler<PublicationOfPeriod, PublicationView>
{
    public async ValueTask<PublicationView> Handle(PublicationOfPeriod request, CancellationToken cancellationToken) =>
        Publications.View(await PublishedResults.LatestRunAsync(db, PublishedResults.ParsePeriod(request.Period), cancellationToken));
}
