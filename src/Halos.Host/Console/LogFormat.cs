namespace Halos.Host.Console;

/// <summary>How log records are written: one readable line each, or one JSON object each (for log shippers).</summary>
public enum LogFormat
{
    Plain,
    Json,
}
