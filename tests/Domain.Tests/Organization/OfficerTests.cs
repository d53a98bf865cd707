using AssessmentEngine.Domain;
using AssessmentEngine.Domain.Organization;

namespace AssessmentEngine.Domain.Tests.Organization;

public class OfficerTests
{
    private static readonly DateOnly Joined = new(2020, 1, 1);
    private readonly Unit _detachment = Unit.Detachment(1, "D01", "支队");
    private readonly Unit _brigade;
    private readonly Unit _squad;
    private readonly Unit _otherSquad;

    public OfficerTests()
    {
        _brigade = Unit.Brigade(2, "B01", "一大队", _detachment);
        _squad = Unit.Squad(3, "B01-S01", "一中队", _brigade);
        _otherSquad = Unit.Squad(4, "B01-S02", "二中队", _brigade);
    }

    private Officer Sworn(long id = 10) => Officer.Sworn(id, "J0000" + id, "王伟", PostType.Road, _squad, Joined);

    private Officer Auxiliary(long id = 20) => Officer.Auxiliary(id, "F0000" + id, "李娜", PostType.Window, _squad, Joined);

    [Fact]
    public void Units_form_detachment_brigade_squad()
    {
        _brigade.ParentId.Should().Be(_detachment.Id);
        _squad.Kind.Should().Be(UnitKind.Squad);
        _squad.ParentId.Should().Be(_brigade.Id);
    }

    [Fact]
    public void A_squad_cannot_hang_under_a_detachment()
    {
        var act = () => Unit.Squad(9, "X", "错误中队", _detachment);
        act.Should().Throw<DomainException>().WithMessage("A squad belongs to a brigade, not to Detachment D01.");
    }

    [Fact]
    public void A_brigade_cannot_hang_under_a_squad()
    {
        var act = () => Unit.Brigade(9, "X", "错误大队", _squad);
        act.Should().Throw<DomainException>().WithMessage("A brigade belongs to a detachment*");
    }

    [Fact]
    public void A_unit_needs_a_name()
    {
        var act = () => Unit.Detachment(1, "D01", " ");
        act.Should().Throw<DomainException>().WithMessage("Unit name is required.");
    }

    [Fact]
    public void An_officer_belongs_to_a_squad_not_a_brigade()
    {
        var act = () => Officer.Sworn(1, "J1", "王伟", PostType.Road, _brigade, Joined);
        act.Should().Throw<DomainException>().WithMessage("Officers belong to a squad, not to Brigade B01.");
    }

    [Fact]
    public void A_sworn_officer_can_lead_a_squad_and_step_down()
    {
        var officer = Sworn();
        officer.MakeSquadLeader();
        officer.IsSquadLeader.Should().BeTrue();
        officer.StepDownAsSquadLeader();
        officer.IsSquadLeader.Should().BeFalse();
    }

    [Fact]
    public void An_auxiliary_cannot_lead_a_squad()
    {
        var act = () => Auxiliary().MakeSquadLeader();
        act.Should().Throw<DomainException>().WithMessage("Auxiliary F000020 cannot lead a squad; only a sworn officer can.");
    }

    [Fact]
    public void An_auxiliary_cannot_lead_a_brigade()
    {
        var act = () => Auxiliary().MakeBrigadeLeader();
        act.Should().Throw<DomainException>().WithMessage("*cannot lead a brigade*");
    }

    [Fact]
    public void Leading_twice_or_stepping_down_without_leading_is_refused()
    {
        var officer = Sworn();
        officer.MakeSquadLeader();
        officer.Invoking(o => o.MakeSquadLeader()).Should().Throw<DomainException>().WithMessage("*already leads the squad*");
        officer.StepDownAsSquadLeader();
        officer.Invoking(o => o.StepDownAsSquadLeader()).Should().Throw<DomainException>().WithMessage("*does not lead a squad*");
        officer.Invoking(o => o.StepDownAsBrigadeLeader()).Should().Throw<DomainException>().WithMessage("*does not lead a brigade*");
        officer.MakeBrigadeLeader();
        officer.Invoking(o => o.MakeBrigadeLeader()).Should().Throw<DomainException>().WithMessage("*already leads the brigade*");
    }

    [Fact]
    public void An_auxiliary_answers_to_a_sworn_officer()
    {
        var supervisor = Sworn();
        var auxiliary = Auxiliary();
        auxiliary.AssignSupervisor(supervisor);
        auxiliary.SupervisorId.Should().Be(supervisor.Id);
    }

    [Fact]
    public void An_auxiliary_cannot_answer_to_an_auxiliary()
    {
        var act = () => Auxiliary(20).AssignSupervisor(Auxiliary(21));
        act.Should().Throw<DomainException>().WithMessage("Auxiliary F000020 must answer to a sworn officer, not to auxiliary F000021.");
    }

    [Fact]
    public void A_sworn_officer_has_no_supervisor()
    {
        var act = () => Sworn(10).AssignSupervisor(Sworn(11));
        act.Should().Throw<DomainException>().WithMessage("Only an auxiliary has a supervising officer; J000010 is a sworn officer.");
    }

    [Fact]
    public void An_officer_who_left_cannot_supervise()
    {
        var supervisor = Sworn();
        supervisor.Leave(new DateOnly(2026, 1, 1));
        var act = () => Auxiliary().AssignSupervisor(supervisor);
        act.Should().Throw<DomainException>().WithMessage("Officer J000010 has left and cannot supervise.");
    }

    [Fact]
    public void Transfer_moves_an_officer_to_another_squad()
    {
        var officer = Sworn();
        officer.TransferTo(_otherSquad);
        officer.SquadId.Should().Be(_otherSquad.Id);
    }

    [Fact]
    public void Transfer_to_the_same_squad_or_to_a_brigade_is_refused()
    {
        var officer = Sworn();
        officer.Invoking(o => o.TransferTo(_squad)).Should().Throw<DomainException>().WithMessage("Officer J000010 is already in squad B01-S01.");
        officer.Invoking(o => o.TransferTo(_brigade)).Should().Throw<DomainException>().WithMessage("Officers belong to a squad*");
    }

    [Fact]
    public void A_squad_leader_hands_over_before_a_transfer()
    {
        var officer = Sworn();
        officer.MakeSquadLeader();
        officer.Invoking(o => o.TransferTo(_otherSquad)).Should().Throw<DomainException>().WithMessage("*hand over the leadership before a transfer*");
    }

    [Fact]
    public void Leaving_ends_leadership_and_refuses_further_moves()
    {
        var officer = Sworn();
        officer.MakeSquadLeader();
        officer.Leave(new DateOnly(2026, 3, 1));

        officer.IsSquadLeader.Should().BeFalse();
        officer.IsActive.Should().BeFalse();
        officer.IsActiveOn(new DateOnly(2026, 2, 28)).Should().BeTrue();
        officer.IsActiveOn(new DateOnly(2026, 3, 1)).Should().BeFalse();
        officer.Invoking(o => o.Leave(new DateOnly(2026, 4, 1))).Should().Throw<DomainException>().WithMessage("Officer J000010 left on 2026-03-01.");
        officer.Invoking(o => o.TransferTo(_otherSquad)).Should().Throw<DomainException>().WithMessage("*left on 2026-03-01*");
        officer.Invoking(o => o.ChangePost(PostType.Office)).Should().Throw<DomainException>();
    }

    [Fact]
    public void Leaving_before_joining_is_refused()
    {
        var act = () => Sworn().Leave(new DateOnly(2019, 12, 31));
        act.Should().Throw<DomainException>().WithMessage("Officer J000010 cannot leave on 2019-12-31, before joining on 2020-01-01.");
    }

    [Fact]
    public void Codes_are_those_of_the_rule_files()
    {
        PersonnelKind.Officer.Code().Should().Be("民警");
        PersonnelKind.Auxiliary.Code().Should().Be("辅警");
        PostType.Road.Code().Should().Be("road");
        PostType.Office.Code().Should().Be("office");
    }
}
