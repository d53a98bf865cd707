using AssessmentEngine.Domain.Assessment;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using Microsoft.EntityFrameworkCore;

namespace AssessmentEngine.Web.Persistence;

public sealed class AssessmentDbContext(DbContextOptions<AssessmentDbContext> options) : DbContext(options)
{
    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Officer> Officers => Set<Officer>();

    public DbSet<EnforcementAction> EnforcementActions => Set<EnforcementAction>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<AttendanceDay> AttendanceDays => Set<AttendanceDay>();

    public DbSet<Shift> Shifts => Set<Shift>();

    public DbSet<DisciplineIncident> DisciplineIncidents => Set<DisciplineIncident>();

    public DbSet<Complaint> Complaints => Set<Complaint>();

    public DbSet<Commendation> Commendations => Set<Commendation>();

    public DbSet<TrainingResult> TrainingResults => Set<TrainingResult>();

    public DbSet<ImportedIndicator> ImportedIndicators => Set<ImportedIndicator>();

    public DbSet<ManualAdjustment> ManualAdjustments => Set<ManualAdjustment>();

    public DbSet<EvaluationRun> EvaluationRuns => Set<EvaluationRun>();

    public DbSet<OfficerResult> OfficerResults => Set<OfficerResult>();

    public DbSet<SquadResult> SquadResults => Set<SquadResult>();

    public DbSet<Outcome> Outcomes => Set<Outcome>();

    public DbSet<Appeal> Appeals => Set<Appeal>();

    public DbSet<PeriodAssessment> PeriodAssessments => Set<PeriodAssessment>();


    public DbSet<AssessmentEngine.Domain.Schemes.RuleSetVersion> RuleSetVersions => Set<AssessmentEngine.Domain.Schemes.RuleSetVersion>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AssessmentDbContext).Assembly);
        StoreConventions.Apply(modelBuilder, IsSqlite);
    }
}
