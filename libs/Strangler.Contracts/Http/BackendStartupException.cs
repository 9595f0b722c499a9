namespace Strangler.Contracts.Http;

/// <summary>
/// A backend cannot start because of its settings. Its message is one line for the operator, naming the
/// setting and what to do; the backends' entry points print it and exit with 1, without a stack trace.
/// </summary>
public sealed class BackendStartupException(string message) : Exception(message);
