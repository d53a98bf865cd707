using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Demo;
using AssessmentEngine.Domain.Facts;
using AssessmentEngine.Domain.Organization;
using AssessmentEngine.Domain.Periods;
using Xunit.Abstractions;

namespace AssessmentEngine.Domain.Tests.Demo;

public class DemoGeneratorTests(ITestOutputHelper output)
{
    private static readonly DemoOptions Default = new() { Seed = 42 };

    [Fact]
    public void The_default_demo_has_one_detachment_three_brigades_and_twelve_squads()
    {
        var org = DemoGenerator.CreateOrganization(Default);
        org.Detachment.Kind.Should().Be(UnitKind.Detachment);
        org.Brigades.Select(b => b.Name).Should().Equal("一大队", "二大队", "三大队");
        org.Squads.Should().HaveCount(12);
        org.Squads.Take(4).Select(s => s.Name).Should().Equal("一中队", "二中队", "三中队", "四中队");
        org.Squads.Should().OnlyContain(s => org.Brigades.Any(b => b.Id == s.ParentId));
        org.Officers.Should().HaveCount(12 * 35);
        org.Officers.Count(o => o.Kind == PersonnelKind.Auxiliary).Should().Be(12 * 10);
        org.Units.Should().HaveCount(16);
        org.Officers.Select(o => o.BadgeNumber).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_squad_has_one_sworn_leader_and_every_auxiliary_a_sworn_supervisor_in_the_squad()
    {
        var org = DemoGenerator.CreateOrganization(Default);
        foreach (var squad in org.Squads)
        {
            var members = org.Officers.Where(o => o.SquadId == squad.Id).ToList();
            members.Where(o => o.IsSquadLeader).Should().ContainSingle().Which.Kind.Should().Be(PersonnelKind.Officer);
            foreach (var auxiliary in members.Where(o => o.IsAuxiliary))
            {
                var supervisor = org.OfficerOf(auxiliary.SupervisorId!.Value);
                supervisor.Kind.Should().Be(PersonnelKind.Officer);
                supervisor.SquadId.Should().Be(squad.Id);
            }
        }

        org.Officers.Where(o => !o.IsAuxiliary).Should().OnlyContain(o => o.SupervisorId == null);
        org.Officers.Count(o => o.IsBrigadeLeader).Should().Be(3);
    }

    [Fact]
    public void Names_are_Chinese()
    {
        var org = DemoGenerator.CreateOrganization(Default);
        org.Officers.Should().OnlyContain(o => o.Name.Length >= 2 && o.Name.Length <= 3 && o.Name.All(c => c >= '\u4e00' && c <= '\u9fff'));
    }

    [Fact]
    public void The_same_seed_gives_identical_output()
    {
        Fingerprint(Default).Should().Be(Fingerprint(Default));
    }

    [Fact]
    public void The_people_are_the_same_whatever_month_is_generated()
    {
        var october = DemoGenerator.CreateOrganization(Default);
        var march = DemoGenerator.CreateOrganization(Default with { Period = AssessmentPeriod.Month(2027, 3) });
        march.Officers.Select(o => (o.Id, o.BadgeNumber, o.Name, o.Post, o.SquadId, o.SupervisorId, o.JoinedOn, o.IsSquadLeader))
            .Should().Equal(october.Officers.Select(o => (o.Id, o.BadgeNumber, o.Name, o.Post, o.SquadId, o.SupervisorId, o.JoinedOn, o.IsSquadLeader)));
    }

    [Fact]
    public void A_different_seed_gives_different_output()
    {
        Fingerprint(Default with { Seed = 43 }).Should().NotBe(Fingerprint(Default));
    }

    [Fact]
    public void An_officers_facts_do_not_depend_on_which_officers_are_streamed()
    {
        var org = DemoGenerator.CreateOrganization(Default);
        var officer = org.Officers[100];
        var streamed = DemoGenerator.StreamFacts(org).ElementAt(100);
        var alone = DemoGenerator.FactsFor(org, officer);
        Describe(alone).Should().Be(Describe(streamed));
    }

    [Fact]
    public void External_ids_are_deterministic_and_unique_per_kind()
    {
        var org = DemoGenerator.CreateOrganization(Default);
        var facts = DemoGenerator.StreamFacts(org).ToList();
        var first = facts[0];
        first.Enforcements[0].ExternalId.Should().Be($"ENF-202610-{first.Officer.Id}-1");
        first.Attendance[0].ExternalId.Should().Be($"ATT-202610-{first.Officer.Id}-1");
        facts.SelectMany(f => f.Enforcements).Select(e => e.ExternalId).Should().OnlyHaveUniqueItems();
        facts.SelectMany(f => f.Enforcements).Select(e => e.Id).Should().OnlyHaveUniqueItems();
        facts.SelectMany(f => f.Cases).Select(e => e.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Consecutive_months_differ_and_share_no_ids()
    {
        var october = DemoGenerator.StreamFacts(DemoGenerator.CreateOrganization(Default)).ToList();
        var november = DemoGenerator.StreamFacts(DemoGenerator.CreateOrganization(Default with { Period = AssessmentPeriod.Month(2026, 11) })).ToList();
        october.Select(Describe).Should().NotIntersectWith(november.Select(Describe));
        october.SelectMany(f => f.Enforcements).Select(e => e.Id)
            .Should().NotIntersectWith(november.SelectMany(f => f.Enforcements).Select(e => e.Id));
        october.SelectMany(f => f.Enforcements).Select(e => e.ExternalId)
            .Should().NotIntersectWith(november.SelectMany(f => f.Enforcements).Select(e => e.ExternalId));
    }

    [Fact]
    public void A_months_complaints_reappear_unchanged_in_the_lookback_of_the_next_months()
    {
        var october = AssessmentPeriod.Month(2026, 10);
        var inOctober = DemoGenerator.StreamFacts(DemoGenerator.CreateOrganization(Default))
            .SelectMany(f => f.Complaints).Where(c => october.Contains(c.ReceivedAt)).ToList();
        var inDecember = DemoGenerator.StreamFacts(DemoGenerator.CreateOrganization(Default with { Period = AssessmentPeriod.Month(2026, 12) }))
            .SelectMany(f => f.Complaints).Where(c => october.Contains(c.ReceivedAt)).ToList();

        inOctober.Should().NotBeEmpty();
        inDecember.Select(c => (c.Id, c.ExternalId, c.ReceivedAt, c.Status))
            .Should().Equal(inOctober.Select(c => (c.Id, c.ExternalId, c.ReceivedAt, c.Status)));
    }

    [Fact]
    public void Facts_lie_in_the_period_except_complaints_of_the_prior_two_months()
    {
        var options = Default with { Period = AssessmentPeriod.Month(2024, 6) };
        var org = DemoGenerator.CreateOrganization(options);
        var period = options.Period;
        foreach (var f in DemoGenerator.StreamFacts(org))
        {
            f.Enforcements.Should().NotContain(e => !period.Contains(e.OccurredAt));
            f.Cases.Should().NotContain(c => !period.Contains(c.AcceptedAt));
            f.Attendance.Should().NotContain(a => !period.Contains(a.Day.ToDateTime(TimeOnly.MinValue)));
            f.Complaints.Should().NotContain(c => c.ReceivedAt < period.Previous.Previous.StartInstant || c.ReceivedAt >= period.EndInstant);
        }
    }

    [Fact]
    public void Rates_follow_the_domain_notes()
    {
        var org = DemoGenerator.CreateOrganization(Default);
        var officers = org.Officers.Count;
        int enforcements = 0, footage = 0, over24 = 0, cases = 0, closedLate = 0, neverClosed = 0;
        int attendance = 0, present = 0, late = 0, absent = 0, withIncidents = 0, complaintsThisMonth = 0, verifiedComplaints = 0, withCommendation = 0;
        double delaySum = 0;
        var codes = new Dictionary<string, int>();
        var roadEnforcements = 0;
        var roadOfficers = 0;
        var period = Default.Period;
        foreach (var f in DemoGenerator.StreamFacts(org))
        {
            if (f.Officer.Post == PostType.Road)
            {
                roadOfficers++;
                roadEnforcements += f.Enforcements.Count;
            }

            foreach (var e in f.Enforcements)
            {
                enforcements++;
                codes[e.Code] = codes.GetValueOrDefault(e.Code) + 1;
                if (e.HasFootage)
                {
                    footage++;
                    delaySum += e.UploadDelayHours!.Value;
                    if (e.UploadDelayHours > 24)
                        over24++;
                }
            }

            foreach (var c in f.Cases)
            {
                cases++;
                if (c.ClosedAt is null)
                    neverClosed++;
                else if (c.ClosedAt > c.DeadlineAt)
                    closedLate++;
            }

            foreach (var a in f.Attendance)
            {
                attendance++;
                if (a.Status == AttendanceStatuses.Present)
                    present++;
                else if (a.Status == AttendanceStatuses.Late)
                    late++;
                else if (a.Status == AttendanceStatuses.Absent)
                    absent++;
            }

            if (f.Incidents.Count > 0)
                withIncidents++;
            foreach (var c in f.Complaints)
            {
                if (!period.Contains(c.ReceivedAt))
                    continue;
                complaintsThisMonth++;
                if (c.Verified)
                    verifiedComplaints++;
            }

            if (f.Commendations.Count > 0)
                withCommendation++;
        }

        output.WriteLine($"officers {officers}, enforcements {enforcements}, cases {cases}, attendance {attendance}");
        ((double)enforcements / officers).Should().BeInRange(52, 64);
        ((double)roadEnforcements / roadOfficers).Should().BeInRange(64, 76);
        ((double)codes["parking"] / enforcements).Should().BeApproximately(0.31, 0.02);
        ((double)codes["helmet"] / enforcements).Should().BeApproximately(0.29, 0.02);
        ((double)codes["other"] / enforcements).Should().BeApproximately(0.21, 0.02);
        ((double)codes["speeding"] / enforcements).Should().BeApproximately(0.16, 0.02);
        ((double)codes["drunk"] / enforcements).Should().BeApproximately(0.025, 0.006);
        ((double)codes["drunk_severe"] / enforcements).Should().BeApproximately(0.005, 0.003);
        ((double)footage / enforcements).Should().BeApproximately(0.96, 0.015);
        (delaySum / footage).Should().BeApproximately(3.0, 0.4);
        ((double)over24 / footage).Should().BeApproximately(0.004, 0.003);
        ((double)cases / officers).Should().BeInRange(3.5, 4.8);
        ((double)closedLate / cases).Should().BeApproximately(0.07, 0.02);
        ((double)neverClosed / cases).Should().BeApproximately(0.03, 0.015);
        attendance.Should().Be(officers * 22);
        ((double)present / attendance).Should().BeApproximately(0.96, 0.01);
        ((double)late / attendance).Should().BeApproximately(0.013, 0.005);
        ((double)absent / attendance).Should().BeLessThan(0.005);
        ((double)withIncidents / officers).Should().BeApproximately(0.25, 0.05);
        ((double)complaintsThisMonth / officers).Should().BeApproximately(0.085, 0.04);
        ((double)verifiedComplaints / Math.Max(1, complaintsThisMonth)).Should().BeApproximately(0.35, 0.2);
        ((double)withCommendation / officers).Should().BeApproximately(0.10, 0.04);
    }

    [Fact]
    public void Posts_are_mostly_road()
    {
        var org = DemoGenerator.CreateOrganization(Default with { Brigades = 10 });
        double n = org.Officers.Count;
        (org.Officers.Count(o => o.Post == PostType.Road) / n).Should().BeApproximately(0.70, 0.04);
        (org.Officers.Count(o => o.Post == PostType.Accident) / n).Should().BeApproximately(0.15, 0.03);
        (org.Officers.Count(o => o.Post == PostType.Window) / n).Should().BeApproximately(0.13, 0.03);
        org.Officers.Should().Contain(o => o.Post == PostType.Office);
    }

    [Fact]
    public void Each_squad_gets_unit_indicators_for_the_month()
    {
        var org = DemoGenerator.CreateOrganization(Default);
        var indicators = DemoGenerator.UnitIndicators(org).ToList();
        indicators.Should().HaveCount(org.Squads.Count);
        indicators.Should().OnlyContain(i => i.OfficerId == null && i.UnitId != null && i.Period == Default.Period);
        indicators.Select(i => i.Value).Should().Equal(DemoGenerator.UnitIndicators(org).Select(i => i.Value));
        indicators[0].ExternalId.Should().Be("IND-U-202610-B01-S01");
        var officerIndicatorIds = DemoGenerator.StreamFacts(org).SelectMany(f => f.Indicators).Select(i => i.Id);
        indicators.Select(i => i.Id).Should().NotIntersectWith(officerIndicatorIds);
    }

    [Fact]
    public void Sizes_scale_with_the_options()
    {
        var org = DemoGenerator.CreateOrganization(new DemoOptions { Seed = 1, Brigades = 2, SquadsPerBrigade = 3, OfficersPerSquad = 5, AuxiliariesPerSquad = 2 });
        org.Brigades.Should().HaveCount(2);
        org.Squads.Should().HaveCount(6);
        org.Officers.Should().HaveCount(42);
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        FluentActions.Invoking(() => DemoGenerator.CreateOrganization(Default with { OfficersPerSquad = 1 }))
            .Should().Throw<DomainException>().WithMessage("A demo squad needs at least two sworn officers*");
        FluentActions.Invoking(() => DemoGenerator.CreateOrganization(Default with { Period = AssessmentPeriod.QuarterOf(2026, 4) }))
            .Should().Throw<DomainException>().WithMessage("Demo facts are generated for a month, not for 2026-Q4.");
    }

    [Fact]
    public void A_hundred_thousand_officers_can_be_organised()
    {
        var options = new DemoOptions { Seed = 7, Brigades = 50, SquadsPerBrigade = 50, OfficersPerSquad = 28, AuxiliariesPerSquad = 12 };
        var org = DemoGenerator.CreateOrganization(options);
        org.Officers.Should().HaveCount(100_000);
        org.Brigades[49].Name.Should().Be("五十大队");
    }

    [Fact]
    public void Streaming_facts_for_two_thousand_officers_yields_each_officer_once()
    {
        var options = new DemoOptions { Seed = 7, Brigades = 2, SquadsPerBrigade = 25, OfficersPerSquad = 28, AuxiliariesPerSquad = 12 };
        var org = DemoGenerator.CreateOrganization(options);
        org.Officers.Should().HaveCount(2_000);
        long rows = 0;
        var officers = 0;
        foreach (var facts in DemoGenerator.StreamFacts(org))
        {
            rows += facts.RowCount;
            officers++;
        }

        officers.Should().Be(2_000);
        rows.Should().BeGreaterThan(2_000 * 80);
    }

    private static string Fingerprint(DemoOptions options)
    {
        var org = DemoGenerator.CreateOrganization(options);
        var hash = new HashCode();
        foreach (var o in org.Officers)
        {
            hash.Add(o.BadgeNumber);
            hash.Add(o.Name);
            hash.Add(o.Post);
            hash.Add(o.SupervisorId);
            hash.Add(o.JoinedOn);
        }

        foreach (var f in DemoGenerator.StreamFacts(org))
            hash.Add(Describe(f));
        return hash.ToHashCode().ToString("X8") + "/" + org.Officers[0].Name + org.Officers[^1].Name;
    }

    private static string Describe(OfficerFacts f)
    {
        var hash = new HashCode();
        foreach (var e in f.Enforcements)
        {
            hash.Add(e.Id);
            hash.Add(e.ExternalId);
            hash.Add(e.Code);
            hash.Add(e.OccurredAt);
            hash.Add(e.HasFootage);
            hash.Add(e.UploadDelayHours);
            hash.Add(e.PenaltyIssued);
        }

        foreach (var c in f.Cases)
        {
            hash.Add(c.Kind);
            hash.Add(c.AcceptedAt);
            hash.Add(c.ClosedAt);
        }

        foreach (var a in f.Attendance)
        {
            hash.Add(a.Status);
            hash.Add(a.MinutesLate);
        }

        foreach (var s in f.Shifts)
        {
            hash.Add(s.Start);
            hash.Add(s.SignedIn);
        }

        foreach (var i in f.Incidents)
        {
            hash.Add(i.Code);
            hash.Add(i.Status);
        }

        foreach (var c in f.Complaints)
        {
            hash.Add(c.ReceivedAt);
            hash.Add(c.Status);
        }

        return $"{f.Officer.Id}:{f.RowCount}:{hash.ToHashCode():X8}";
    }
}
