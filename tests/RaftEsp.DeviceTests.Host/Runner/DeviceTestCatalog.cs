#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using nanoFramework.TestFramework;

namespace RaftEsp.DeviceTests.Host.Runner
{
    /// <summary>
    /// Finds test cases the way nanoFramework's UnitTestLauncher does: every class marked [TestClass]; in it, the
    /// public methods (GetMethods order) marked [Setup], then [TestMethod], then [DataRow] (one case per row; a method
    /// with rows runs only with its rows), then [Cleanup].
    /// </summary>
    public static class DeviceTestCatalog
    {
        private static readonly Type[] PhaseOrder =
        {
            typeof(SetupAttribute), typeof(TestMethodAttribute), typeof(DataRowAttribute), typeof(CleanupAttribute),
        };

        /// <summary>The [TestClass] types of <paramref name="assembly"/> in namespace <paramref name="namespacePrefix"/> (or below), minus those below <paramref name="excludedPrefix"/>.</summary>
        public static IReadOnlyList<Type> TestClasses(Assembly assembly, string namespacePrefix, string? excludedPrefix)
        {
            return assembly.GetTypes()
                .Where(t => t.IsClass && t.GetCustomAttributes(typeof(TestClassAttribute), false).Length > 0)
                .Where(t => InNamespace(t, namespacePrefix) && (excludedPrefix == null || !InNamespace(t, excludedPrefix)))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The cases of one test class, in the order the launcher runs them; names drop <paramref name="namePrefix"/>.</summary>
        public static IReadOnlyList<DeviceTestCase> CasesOf(Type testClass, string namePrefix)
        {
            string className = testClass.FullName!;
            if (className.StartsWith(namePrefix, StringComparison.Ordinal)) className = className.Substring(namePrefix.Length);
            var cases = new List<DeviceTestCase>();
            MethodInfo[] methods = testClass.GetMethods();
            foreach (Type phaseAttribute in PhaseOrder)
            {
                foreach (MethodInfo method in methods)
                {
                    foreach (object attribute in LauncherAttributes(method))
                    {
                        if (attribute.GetType() != phaseAttribute) continue;
                        string name = className + "." + method.Name;
                        object[]? arguments = null;
                        if (attribute is DataRowAttribute row)
                        {
                            arguments = row.MethodParameters;
                            name += "(" + string.Join(", ", arguments.Select(Format)) + ")";
                        }

                        cases.Add(new DeviceTestCase(name, testClass, method, PhaseOf(phaseAttribute), arguments));
                    }
                }
            }

            return cases;
        }

        private static bool InNamespace(Type t, string prefix) =>
            t.Namespace != null && (t.Namespace == prefix || t.Namespace.StartsWith(prefix + ".", StringComparison.Ordinal));

        // The launcher drops [TestMethod] from a method that also has data rows, so it runs once per row only.
        private static object[] LauncherAttributes(MethodInfo method)
        {
            object[] attributes = method.GetCustomAttributes(true);
            bool hasRows = attributes.Any(a => a is DataRowAttribute);
            return hasRows ? attributes.Where(a => a is not TestMethodAttribute).ToArray() : attributes;
        }

        private static DeviceTestPhase PhaseOf(Type attribute)
        {
            if (attribute == typeof(SetupAttribute)) return DeviceTestPhase.Setup;
            if (attribute == typeof(CleanupAttribute)) return DeviceTestPhase.Cleanup;
            return attribute == typeof(DataRowAttribute) ? DeviceTestPhase.DataRow : DeviceTestPhase.Test;
        }

        private static string Format(object? value) => value switch
        {
            null => "null",
            string s => "\"" + s + "\"",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }
}
