using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Web.Features.Organization;
using AssessmentEngine.Web.Persistence;
using AssessmentEngine.Web.Tests.Infrastructure;

namespace AssessmentEngine.Web.Tests.Organization;

public abstract class UnitTreeTests : DatabaseTestBase
{
    [Fact]
    public async Task A_scope_reaches_its_unit_and_every_unit_below_it_but_nothing_beside_or_above()
    {
        await using var db = await Database.CreateMigratedContextAsync();
        var detachment = Unit.Detachment(1, "D01", "支队");
        var brigade1 = Unit.Brigade(2, "B01", "一大队", detachment);
        var brigade2 = Unit.Brigade(3, "B02", "二大队", detachment);
        db.Units.AddRange(detachment, brigade1, brigade2, Unit.Squad(4, "B01-S01", "一中队", brigade1), Unit.Squad(5, "B01-S02", "二中队", brigade1), Unit.Squad(6, "B02-S01", "一中队", brigade2));
        await db.SaveChangesAsync();
        var tree = new UnitTree(db);

        (await tree.SubtreeAsync(2, CancellationToken.None)).Should().BeEquivalentTo(new long[] { 2, 4, 5 });
        (await tree.SubtreeAsync(6, CancellationToken.None)).Should().BeEquivalentTo(new long[] { 6 });
        (await tree.SubtreeAsync(1, CancellationToken.None)).Should().BeEquivalentTo(new long[] { 1, 2, 3, 4, 5, 6 });
    }
}

public sealed class UnitTreeTestsOnSqlite : UnitTreeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class UnitTreeTestsOnPostgres : UnitTreeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
