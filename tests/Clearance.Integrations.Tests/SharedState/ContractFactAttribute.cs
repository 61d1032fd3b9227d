using System.Reflection;
using Clearance.Integrations.Tests.Redis;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Clearance.Integrations.Tests.SharedState;

/// <summary>Marks a contract test class that runs against a real Redis: its inherited tests skip when none is configured.</summary>
public interface IRequiresRedis;

/// <summary>
/// A fact declared once on the abstract contract and inherited by each implementation's class. An attribute cannot
/// see which class it runs for, so the discoverer decides: a class marked <see cref="IRequiresRedis"/> skips when
/// there is no Redis to test against.
/// </summary>
[XunitTestCaseDiscoverer("Clearance.Integrations.Tests.SharedState.ContractFactDiscoverer", "Clearance.Integrations.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ContractFactAttribute : FactAttribute;

public sealed class ContractFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRequiresRedis).IsAssignableFrom(testClass) && TestServices.SkipReason(Needs.Redis) is { } reason)
            return new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
