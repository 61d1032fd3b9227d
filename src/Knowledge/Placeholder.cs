namespace Clearance.Knowledge; internal static class Placeholder;
