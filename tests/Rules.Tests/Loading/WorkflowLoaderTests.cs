using AssessmentEngine.Rules.Loading;

namespace AssessmentEngine.Rules.Tests.Loading;

public class WorkflowLoaderTests
{
    [Fact]
    public void A_RulesEngine_file_loads_with_case_insensitive_names_comments_and_trailing_commas()
    {
        var result = WorkflowLoader.Load("""
            // exported from the old system
            [ { "workflowName": "a", "globalParams": [ { "name": "x", "expression": "1" } ],
                "rules": [ { "ruleName": "R", "expression": "x == 1", "enabled": false, "successEvent": "ok", "errorMessage": "bad",
                             "localParams": [ { "name": "y", "expression": "2" } ],
                             "actions": { "onSuccess": { "name": "OutputExpression", "context": { "expression": "y" } } },
                             "properties": { "Title": "标题", "Points": "-1 * x", "Outcome": "Warning", "Anything": { "nested": [1, 2] } }, }, ] },
              { "WorkflowName": "b", "WorkflowsToInject": [ "a" ], "Rules": [ { "RuleName": "S", "Operator": "orelse", "Rules": [ { "RuleName": "T", "Expression": "true" } ] } ] } ]
            """, "old.json");

        result.Diagnostics.Should().BeEmpty();
        var a = result.Workflows[0];
        a.WorkflowName.Should().Be("a");
        a.GlobalParams.Single().Name.Should().Be("x");
        var rule = a.Rules.Single();
        rule.Enabled.Should().BeFalse();
        rule.SuccessEvent.Should().Be("ok");
        rule.ErrorMessage.Should().Be("bad");
        rule.LocalParams.Single().Expression.Text.Should().Be("2");
        rule.Actions!.OnSuccess!.Expression!.Text.Should().Be("y");
        rule.Scoring!.PointsExpression!.Text.Should().Be("-1 * x");
        rule.Scoring.Title.Should().Be("标题");
        rule.Properties["Anything"].GetProperty("nested").GetArrayLength().Should().Be(2);
        rule.Expression!.Line.Should().Be(3);
        result.Workflows[1].WorkflowsToInject.Should().Equal("a");
        result.Workflows[1].Rules.Single().Operator.Should().Be("OrElse");
    }

    [Fact]
    public void A_scheme_block_is_read_with_its_categories_grades_and_peer_group()
    {
        var scheme = WorkflowLoader.Load("""
            { "WorkflowName": "w", "Rules": [],
              "Scheme": { "Title": "民警月度考核", "Population": "Officer", "Period": "Monthly", "BaseScore": 100,
                          "Categories": [ {"Name":"attendance","Title":"考勤","Cap":-20}, {"Name":"commendation","Title":"表彰","Cap":15} ],
                          "Grades": [ {"Name":"优秀","Min":90}, {"Name":"合格","Min":80}, {"Name":"不合格","Min":null} ],
                          "PeerGroup": ["BrigadeId","PostType"] } }
            """).Workflows.Single().Scheme!;

        scheme.Title.Should().Be("民警月度考核");
        scheme.BaseScore.Should().Be(100m);
        scheme.Categories.Should().Equal(new Model.ScoreCategory("attendance", "考勤", -20m), new Model.ScoreCategory("commendation", "表彰", 15m));
        scheme.Grades.Should().Equal(new Model.GradeBand("优秀", 90m), new Model.GradeBand("合格", 80m), new Model.GradeBand("不合格", null));
        scheme.PeerGroup.Should().Equal("BrigadeId", "PostType");
    }

    [Fact]
    public void A_file_saved_with_a_byte_order_mark_loads_and_keeps_its_columns()
    {
        var json = "{ \"WorkflowName\": \"w\", \"Rules\": [ { \"RuleName\": \"R\", \"Expression\": \"true\" } ] }";
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes(json)).ToArray();

        var result = WorkflowLoader.Load(bytes, "bom.json");

        result.Diagnostics.Should().BeEmpty();
        result.Workflows.Single().Rules.Single().Expression!.Column.Should().Be(json.IndexOf("true", StringComparison.Ordinal) + 1);
    }
}
