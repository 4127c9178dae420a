// Facts this assembly's classes inherit (the store specification suite's) skip with the reason when there is no server.
[assembly: Xunit.TestFramework("Civic311.Tests.Shared.PostgreSql.PostgreSqlTestFramework", "Civic311.PostgreSql.Tests")]
