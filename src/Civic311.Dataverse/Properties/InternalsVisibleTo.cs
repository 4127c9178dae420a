using System.Runtime.CompilerServices;

// The webhook receiver (Civic311.Dataverse.AspNetCore) shares the Web API connection, the schema names and the incident
// mapping, so that what it reads and registers cannot drift from what the store writes.
[assembly: InternalsVisibleTo("Civic311.Dataverse.AspNetCore")]
