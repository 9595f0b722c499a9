using Strangler.TestSupport.Postgres;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
