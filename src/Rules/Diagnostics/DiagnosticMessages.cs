using System.Reflection;

namespace AssessmentEngine.Rules.Diagnostics;

/// <summary>
/// Every sentence the engine reports, by id. Report sites take one of these, never free text, so a front end can show
/// each in its reader's language and a test can check that every id has its words (ADR 29).
/// </summary>
public static class DiagnosticMessages
{
    // ---- file structure ----
    public static readonly DiagnosticMessage InvalidJson = new("RE0001.InvalidJson", "the file is not valid JSON: {0}");
    public static readonly DiagnosticMessage FileNotFound = new("RE0002.FileNotFound", "file not found");
    public static readonly DiagnosticMessage NoWorkflowName = new("RE0002.NoWorkflowName", "the workflow has no WorkflowName");
    public static readonly DiagnosticMessage NoRules = new("RE0002.NoRules", "the workflow has no Rules");
    public static readonly DiagnosticMessage ParameterNoName = new("RE0002.ParameterNoName", "a parameter has no Name");
    public static readonly DiagnosticMessage ParameterEmptyExpression = new("RE0002.ParameterEmptyExpression", "parameter '{0}' has an empty Expression");
    public static readonly DiagnosticMessage NoRuleName = new("RE0002.NoRuleName", "a rule has no RuleName");
    public static readonly DiagnosticMessage OperatorWithoutRules = new("RE0002.OperatorWithoutRules", "rule '{0}' has Operator '{1}' but no nested Rules");
    public static readonly DiagnosticMessage EmptyRuleExpression = new("RE0002.EmptyRuleExpression", "rule '{0}' has an empty Expression");
    public static readonly DiagnosticMessage OutputWithoutExpression = new("RE0002.OutputWithoutExpression", "an OutputExpression action has no Context.Expression");
    public static readonly DiagnosticMessage CategoryNoName = new("RE0002.CategoryNoName", "a Scheme category has no Name");
    public static readonly DiagnosticMessage GradeNoName = new("RE0002.GradeNoName", "a Scheme grade has no Name");
    public static readonly DiagnosticMessage UnknownField = new("RE0003.UnknownField", "unknown field '{0}' is ignored");
    public static readonly DiagnosticMessage UnknownFieldSuggested = new("RE0003.UnknownFieldSuggested", "unknown field '{0}' is ignored — did you mean '{1}'?");
    public static readonly DiagnosticMessage WorkflowNotObject = new("RE0003.WorkflowNotObject", "a workflow must be a JSON object");
    public static readonly DiagnosticMessage ParametersNotList = new("RE0003.ParametersNotList", "parameters must be a list of {{ \"Name\": …, \"Expression\": … }}");
    public static readonly DiagnosticMessage RulesNotArray = new("RE0003.RulesNotArray", "Rules must be an array");
    public static readonly DiagnosticMessage RuleNotObject = new("RE0003.RuleNotObject", "a rule must be a JSON object");
    public static readonly DiagnosticMessage UnknownOperator = new("RE0003.UnknownOperator", "unknown Operator '{0}' — expected one of {1}");
    public static readonly DiagnosticMessage UnsupportedExpressionType = new("RE0003.UnsupportedExpressionType", "RuleExpressionType '{0}' is not supported — only LambdaExpression");
    public static readonly DiagnosticMessage UnknownAction = new("RE0003.UnknownAction", "unknown action '{0}' — expected OutputExpression or EvaluateRule");
    public static readonly DiagnosticMessage PointsNotNumberOrExpression = new("RE0003.PointsNotNumberOrExpression", "Points must be a number or an expression, not {0}");
    public static readonly DiagnosticMessage CapNotNumber = new("RE0003.CapNotNumber", "Cap must be a number, not {0}");
    public static readonly DiagnosticMessage VetoNotBoolean = new("RE0003.VetoNotBoolean", "Veto must be true or false, not {0}");
    public static readonly DiagnosticMessage FieldNotNumber = new("RE0003.FieldNotNumber", "{0} must be a number, not {1}");
    public static readonly DiagnosticMessage UndeclaredCategory = new("RE0003.UndeclaredCategory", "category '{0}' is not declared in the Scheme (declared: {1})");
    public static readonly DiagnosticMessage UndeclaredCategorySuggested = new("RE0003.UndeclaredCategorySuggested", "category '{0}' is not declared in the Scheme — did you mean '{1}'?");
    public static readonly DiagnosticMessage InvalidPrecision = new("RE0003.InvalidPrecision", "Precision is the number of decimals points keep, a whole number from 0 to {0}, not {1}");
    public static readonly DiagnosticMessage UnsupportedEvaluateRuleField = new("RE0003.UnsupportedEvaluateRuleField", "EvaluateRule's {0} is not supported: the rule is evaluated with this rule set's inputs");
    public static readonly DiagnosticMessage DuplicateWorkflow = new("RE0004.DuplicateWorkflow", "workflow name '{0}' is used {1} times");
    public static readonly DiagnosticMessage DuplicateRule = new("RE0004.DuplicateRule", "rule name '{0}' is used more than once");
    public static readonly DiagnosticMessage DuplicateParameter = new("RE0004.DuplicateParameter", "parameter '{0}' is declared twice");
    public static readonly DiagnosticMessage UnknownEvaluateRuleWorkflow = new("RE0005.UnknownEvaluateRuleWorkflow", "EvaluateRule refers to workflow '{0}', which is not in this rule set");
    public static readonly DiagnosticMessage UnknownInjectedWorkflow = new("RE0005.UnknownInjectedWorkflow", "WorkflowsToInject names '{0}', which is not in this rule set");
    public static readonly DiagnosticMessage UnknownInjectedWorkflowSuggested = new("RE0005.UnknownInjectedWorkflowSuggested", "WorkflowsToInject names '{0}', which is not in this rule set — did you mean '{1}'?");

    // ---- syntax ----
    public static readonly DiagnosticMessage EmptyExpression = new("RE0100.EmptyExpression", "the expression is empty");
    public static readonly DiagnosticMessage ExpectedOperatorOrEnd = new("RE0100.ExpectedOperatorOrEnd", "expected an operator or end of expression but found {0}");
    public static readonly DiagnosticMessage ExpectedMemberName = new("RE0100.ExpectedMemberName", "expected a member name after '.' but found {0}");
    public static readonly DiagnosticMessage ExpectedMemberNameAtEnd = new("RE0100.ExpectedMemberNameAtEnd", "expected a member name after '.' but found end of expression");
    public static readonly DiagnosticMessage ExpectedOperator = new("RE0100.ExpectedOperator", "expected an operator but found {0}");
    public static readonly DiagnosticMessage ExpectedValue = new("RE0100.ExpectedValue", "expected a value but found {0}");
    public static readonly DiagnosticMessage ExpectedValueAtEnd = new("RE0100.ExpectedValueAtEnd", "expected a value but found end of expression");
    public static readonly DiagnosticMessage ExpectedToken = new("RE0100.ExpectedToken", "expected '{0}' but found {1}");
    public static readonly DiagnosticMessage ExpectedTokenAtEnd = new("RE0100.ExpectedTokenAtEnd", "expected '{0}' but found end of expression");
    public static readonly DiagnosticMessage ExpectedCommaOr = new("RE0100.ExpectedCommaOr", "expected ',' or '{0}' but found {1}");
    public static readonly DiagnosticMessage ExpectedCommaOrAtEnd = new("RE0100.ExpectedCommaOrAtEnd", "expected ',' or '{0}' but found end of expression");
    public static readonly DiagnosticMessage ExpectedArray = new("RE0100.ExpectedArray", "expected '[' (only arrays 'new[] {{ … }}' and dates can be created) but found {0}");
    public static readonly DiagnosticMessage ExpectedArrayAtEnd = new("RE0100.ExpectedArrayAtEnd", "expected '[' (only arrays 'new[] {{ … }}' and dates can be created) but found end of expression");
    public static readonly DiagnosticMessage EmptyIn = new("RE0100.EmptyIn", "'in (…)' needs at least one value");
    public static readonly DiagnosticMessage UnexpectedCharacter = new("RE0100.UnexpectedCharacter", "unexpected character '{0}'");
    public static readonly DiagnosticMessage FullWidthCharacter = new("RE0100.FullWidthCharacter", "unexpected character '{0}' (a full-width or curly character) — type '{1}' instead");
    public static readonly DiagnosticMessage InvalidHexNumber = new("RE0100.InvalidHexNumber", "invalid hexadecimal number '{0}'");
    public static readonly DiagnosticMessage InvalidNumber = new("RE0100.InvalidNumber", "invalid number '{0}'");
    public static readonly DiagnosticMessage UnclosedText = new("RE0100.UnclosedText", "text starting here has no closing {0}");
    public static readonly DiagnosticMessage UnknownEscape = new("RE0100.UnknownEscape", "unknown escape '\\{0}' in text");
    public static readonly DiagnosticMessage NotCallable = new("RE0100.NotCallable", "only functions and methods can be called");
    public static readonly DiagnosticMessage LambdaOutsideList = new("RE0100.LambdaOutsideList", "a lambda ('x => …') can only be the argument of a list method such as Any, Count or Where");
    public static readonly DiagnosticMessage UnsupportedExpression = new("RE0100.UnsupportedExpression", "unsupported expression");
    public static readonly DiagnosticMessage ExpressionTooLong = new("RE0101.ExpressionTooLong", "the expression is {0} characters long; the limit is {1}");
    public static readonly DiagnosticMessage NestedTooDeep = new("RE0102.NestedTooDeep", "the expression is nested more than {0} levels deep");
    public static readonly DiagnosticMessage ListMethodsTooDeep = new("RE0102.ListMethodsTooDeep", "list methods are nested more than {0} deep; each level multiplies the work for every record");
    public static readonly DiagnosticMessage TooManyRules = new("RE0103.TooManyRules", "the workflow has {0:N0} rules; at most {1:N0} are allowed — split it into several schemes");
    public static readonly DiagnosticMessage TooManyParameters = new("RE0103.TooManyParameters", "the workflow has {0:N0} parameters; at most {1:N0} are allowed — split it into several schemes");

    // ---- names and members ----
    public static readonly DiagnosticMessage UnknownName = new("RE0200.UnknownName", "unknown name '{0}'");
    public static readonly DiagnosticMessage UnknownNameSuggested = new("RE0200.UnknownNameSuggested", "unknown name '{0}' — did you mean '{1}'?");
    public static readonly DiagnosticMessage UnknownNameInList = new("RE0200.UnknownNameInList", "unknown name '{0}' — to name the list element write a lambda such as '{0} => {0}.…'");
    public static readonly DiagnosticMessage UnknownFunction = new("RE0200.UnknownFunction", "unknown function '{0}'");
    public static readonly DiagnosticMessage UnknownFunctionSuggested = new("RE0200.UnknownFunctionSuggested", "unknown function '{0}' — did you mean '{1}'?");
    public static readonly DiagnosticMessage ItOutsideList = new("RE0200.ItOutsideList", "'it' can only be used inside a list method such as Any(…) or Where(…)");
    public static readonly DiagnosticMessage TypeAsValue = new("RE0200.TypeAsValue", "'{0}' is a type; use one of its members, e.g. {0}.…");
    public static readonly DiagnosticMessage BrokenParameter = new("RE0200.BrokenParameter", "parameter '{0}' has errors");
    public static readonly DiagnosticMessage UnknownMember = new("RE0201.UnknownMember", "unknown member '{0}' on '{1}'");
    public static readonly DiagnosticMessage UnknownMemberSuggested = new("RE0201.UnknownMemberSuggested", "unknown member '{0}' on '{1}' — did you mean '{2}'?");
    public static readonly DiagnosticMessage UnknownMemberMaybeMissing = new("RE0201.UnknownMemberMaybeMissing", "unknown member '{0}' on '{1}' — the value may be missing; use '.Value.{0}' or np(…)");
    public static readonly DiagnosticMessage NotAllowedFunction = new("RE0201.NotAllowedFunction", "'{0}' is not an allowed function of '{1}'");
    public static readonly DiagnosticMessage NotAllowedFunctionSuggested = new("RE0201.NotAllowedFunctionSuggested", "'{0}' is not an allowed function of '{1}' — did you mean '{2}'?");
    public static readonly DiagnosticMessage NotAllowedMethod = new("RE0201.NotAllowedMethod", "'{0}' is not an allowed method of '{1}'");
    public static readonly DiagnosticMessage NotAllowedMethodSuggested = new("RE0201.NotAllowedMethodSuggested", "'{0}' is not an allowed method of '{1}' — did you mean '{2}'?");

    // ---- refused operations ----
    public static readonly DiagnosticMessage ChangesValue = new("RE0202.ChangesValue", "'{0}' is not allowed: rule expressions cannot change values");
    public static readonly DiagnosticMessage Assignment = new("RE0202.Assignment", "assignment '{0}' is not allowed: rule expressions cannot change values");
    public static readonly DiagnosticMessage SingleAmpersand = new("RE0202.SingleAmpersand", "'&' is not supported — use '&&' or 'and'");
    public static readonly DiagnosticMessage SingleBar = new("RE0202.SingleBar", "'|' is not supported — use '||' or 'or'");
    public static readonly DiagnosticMessage UnsupportedOperator = new("RE0202.UnsupportedOperator", "operator '{0}' is not supported in rule expressions");
    public static readonly DiagnosticMessage ForbiddenMember = new("RE0202.ForbiddenMember", "'{0}' is not allowed in rule expressions: they cannot use reflection, delegates, files, processes or the environment");
    public static readonly DiagnosticMessage ForbiddenName = new("RE0202.ForbiddenName", "'{0}' is not allowed in rule expressions: they can only use the inputs, parameters and the listed functions (no reflection, files, processes or environment)");
    public static readonly DiagnosticMessage MemberTypeNotAllowed = new("RE0202.MemberTypeNotAllowed", "member '{0}' has type '{1}', which rule expressions cannot use");
    public static readonly DiagnosticMessage ConstructionNotAllowed = new("RE0202.ConstructionNotAllowed", "'new {0}(…)' is not allowed: only arrays (new[] {{ … }}) and dates (DateTime(…)) can be created");

    // ---- types ----
    public static readonly DiagnosticMessage RuleNotBoolean = new("RE0203.RuleNotBoolean", "a rule expression must be true or false, but this expression gives {0}");
    public static readonly DiagnosticMessage IifConditionNotBoolean = new("RE0203.IifConditionNotBoolean", "the condition of iif must be true or false, but this expression gives {0}");
    public static readonly DiagnosticMessage LeftSideNotBoolean = new("RE0203.LeftSideNotBoolean", "the left side of '{0}' must be true or false, but this expression gives {1}");
    public static readonly DiagnosticMessage RightSideNotBoolean = new("RE0203.RightSideNotBoolean", "the right side of '{0}' must be true or false, but this expression gives {1}");
    public static readonly DiagnosticMessage ConditionalNotBoolean = new("RE0203.ConditionalNotBoolean", "the condition of '?:' must be true or false, but this expression gives {0}");
    public static readonly DiagnosticMessage CastNeedsNumber = new("RE0203.CastNeedsNumber", "{0}(…) converts numbers, not {1}");
    public static readonly DiagnosticMessage CastNeedsNumberNotText = new("RE0203.CastNeedsNumberNotText", "{0}(…) converts numbers, not {1}; use {0}.Parse(…)");
    public static readonly DiagnosticMessage ListConditionNotBoolean = new("RE0203.ListConditionNotBoolean", "the condition of {0} must be true or false, but gives {1}");
    public static readonly DiagnosticMessage AggregateNeedsNumbers = new("RE0203.AggregateNeedsNumbers", "{0} needs numbers, not {1}");
    public static readonly DiagnosticMessage AggregateNeedsComparable = new("RE0203.AggregateNeedsComparable", "{0} needs numbers, dates or text, not {1}");
    public static readonly DiagnosticMessage SelectorIsNull = new("RE0203.SelectorIsNull", "{0} needs a value, not null");
    public static readonly DiagnosticMessage NullHasNoMembers = new("RE0203.NullHasNoMembers", "null has no members");
    public static readonly DiagnosticMessage NotIndexable = new("RE0203.NotIndexable", "'{0}' cannot be indexed");
    public static readonly DiagnosticMessage NotNeedsBoolean = new("RE0203.NotNeedsBoolean", "'!' needs true or false, not {0}");
    public static readonly DiagnosticMessage PlusNeedsNumber = new("RE0203.PlusNeedsNumber", "'+' needs a number, not {0}");
    public static readonly DiagnosticMessage MinusNeedsNumber = new("RE0203.MinusNeedsNumber", "'-' needs a number, not {0}");
    public static readonly DiagnosticMessage CoalesceNotNullable = new("RE0203.CoalesceNotNullable", "'??' needs a value that can be missing on its left, not {0}");
    public static readonly DiagnosticMessage CoalesceMismatch = new("RE0203.CoalesceMismatch", "'??' cannot combine {0} and {1}");
    public static readonly DiagnosticMessage OperatorMismatch = new("RE0203.OperatorMismatch", "operator '{0}' cannot be applied to {1} and {2}");
    public static readonly DiagnosticMessage DecimalMix = new("RE0203.DecimalMix", "operator '{0}' cannot mix decimal and {1}; convert one side with decimal(…) or double(…)");
    public static readonly DiagnosticMessage NotEnumValue = new("RE0203.NotEnumValue", "\"{0}\" is not a value of {1} (values: {2})");
    public static readonly DiagnosticMessage NotEnumValueSuggested = new("RE0203.NotEnumValueSuggested", "\"{0}\" is not a value of {1} (values: {2}) — did you mean \"{3}\"?");
    public static readonly DiagnosticMessage NotADate = new("RE0203.NotADate", "\"{0}\" is not a date; write dates as \"2024-06-01\" or \"2024-06-01T08:00:00\"");
    public static readonly DiagnosticMessage ConditionalMismatch = new("RE0203.ConditionalMismatch", "both results of a condition must have the same type, not {0} and {1}");
    public static readonly DiagnosticMessage EmptyArray = new("RE0203.EmptyArray", "an array needs at least one element");
    public static readonly DiagnosticMessage ArrayMixedTypes = new("RE0203.ArrayMixedTypes", "array elements must have one type, not {0} and {1}");
    public static readonly DiagnosticMessage ArrayOfNulls = new("RE0203.ArrayOfNulls", "an array of only nulls has no type");
    public static readonly DiagnosticMessage ConversionMismatch = new("RE0203.ConversionMismatch", "expected {0} but found {1}");
    public static readonly DiagnosticMessage WorkflowNotCompiled = new("RE0203.WorkflowNotCompiled", "the workflow could not be compiled: {0}");
    public static readonly DiagnosticMessage ExpressionNotCompiled = new("RE0203.ExpressionNotCompiled", "this expression cannot be compiled: {0}");
    public static readonly DiagnosticMessage ParameterAlwaysNull = new("RE0203.ParameterAlwaysNull", "parameter '{0}' is always null; give it a typed value");
    public static readonly DiagnosticMessage EvidenceNotList = new("RE0203.EvidenceNotList", "Evidence must select a list of records, but this expression gives {0}");
    public static readonly DiagnosticMessage PointsNotNumber = new("RE0203.PointsNotNumber", "Points must be a number, but this expression gives {0}");

    // ---- calls ----
    public static readonly DiagnosticMessage IifArguments = new("RE0204.IifArguments", "iif takes three values: iif(condition, whenTrue, whenFalse)");
    public static readonly DiagnosticMessage NpArguments = new("RE0204.NpArguments", "np takes a member path and an optional default: np(a.b.c) or np(a.b.c, 0)");
    public static readonly DiagnosticMessage TakesOneValue = new("RE0204.TakesOneValue", "{0}(…) takes one value");
    public static readonly DiagnosticMessage GetValueOrDefaultArguments = new("RE0204.GetValueOrDefaultArguments", "GetValueOrDefault takes at most one value");
    public static readonly DiagnosticMessage NoOverload = new("RE0204.NoOverload", "{0} cannot be called with ({1}); it takes {2}");
    public static readonly DiagnosticMessage ListMethodArgument = new("RE0204.ListMethodArgument", "{0} takes {1} argument, not {2}");
    public static readonly DiagnosticMessage ListMethodArguments = new("RE0204.ListMethodArguments", "{0} takes {1} arguments, not {2}");
    public static readonly DiagnosticMessage IndexArguments = new("RE0204.IndexArguments", "an index takes exactly one value, e.g. list[0]");
    public static readonly DiagnosticMessage NoConstructor = new("RE0204.NoConstructor", "{0}(…) cannot be made from ({1})");

    // ---- scoring ----
    public static readonly DiagnosticMessage UnknownExplainedParameter = new("RE0300.UnknownExplainedParameter", "Parameters lists '{0}', which is not a parameter of this rule");
    public static readonly DiagnosticMessage UnknownExplainedParameterSuggested = new("RE0300.UnknownExplainedParameterSuggested", "Parameters lists '{0}', which is not a parameter of this rule — did you mean '{1}'?");
    public static readonly DiagnosticMessage QuotaRisk = new("RE0301.QuotaRisk", "Points grow with '{1}', a count of enforcement actions, fines or penalties, and neither the rule nor its category has a Cap: that makes enforcement a quota, which national rules forbid — add a Cap, or acknowledge the reason when activating");

    // ---- the reference engine ----
    public static readonly DiagnosticMessage NotPortable = new("RE0400.NotPortable", "Microsoft RulesEngine refuses this expression ({0}); our engine accepts it, so the file would not run on the reference engine");
    public static readonly DiagnosticMessage NameAlreadyDeclared = new("RE0400.NameAlreadyDeclared", "Microsoft RulesEngine refuses this expression (the name is already declared in this scope); our engine accepts it, so the file would not run on the reference engine");
    public static readonly DiagnosticMessage TypedDifferently = new("RE0401.TypedDifferently", "our engine types this expression {0} but Microsoft RulesEngine types it {1}; write it so both agree (e.g. (x ?? false) or x == true for a nullable flag)");
    public static readonly DiagnosticMessage PointsTypedDifferently = new("RE0401.PointsTypedDifferently", "our engine types this expression a number but Microsoft RulesEngine types it {0}; write it so both agree (e.g. (x ?? false) or x == true for a nullable flag)");

    // ---- parts of a rule, named before a finding ----
    public static readonly DiagnosticMessage PartRuleExpression = new("Part.RuleExpression", "the rule expression");
    public static readonly DiagnosticMessage PartPoints = new("Part.Points", "Points");
    public static readonly DiagnosticMessage PartEvidence = new("Part.Evidence", "Evidence");
    public static readonly DiagnosticMessage PartOutputExpression = new("Part.OutputExpression", "OutputExpression");
    public static readonly DiagnosticMessage PartParameter = new("Part.Parameter", "parameter '{0}'");

    /// <summary>Every message and part phrase above, for front ends and tests that check each has its words.</summary>
    public static IReadOnlyList<DiagnosticMessage> All { get; } =
        [.. typeof(DiagnosticMessages).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(DiagnosticMessage)).Select(f => (DiagnosticMessage)f.GetValue(null)!)];
}
