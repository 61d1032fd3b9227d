namespace Clearance.Integrations; internal static class Placeholder;
