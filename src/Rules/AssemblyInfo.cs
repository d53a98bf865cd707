using System.Diagnostics.CodeAnalysis;

// The compiler builds expression trees out of small functions that return Expression so the nodes compose; narrowing
// each return type to the concrete node class (CA1859) only couples them, and the "performance" is compile-time only.
[assembly: SuppressMessage("Performance", "CA1859:Use concrete types when possible for improved performance", Justification = "Expression-tree builders return Expression by design.")]
