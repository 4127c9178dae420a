using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Requests;
using Civic311.Testing;
using NodaTime;
using Civic311.Application;

namespace Civic311.Quickstart;

/// <summary>One simulated request: what the resident reported, what will happen to it, and its latest stored state.</summary>
internal sealed class SimulatedCase(int number, Instant arrivesAt, Report report)
{
    public int Number { get; } = number;

    public Instant ArrivesAt { get; } = arrivesAt;

    public Report Report { get; } = report;

    public string ServiceCode => Report.Submission.ServiceCode!;

    public string Language => Report.Language;

    public SimulatedCase? DuplicateOf { get; init; }

    public bool Cancels { get; set; }

    public bool Reopens { get; set; }

    public ServiceRequest? Request { get; set; }

    public ISet<LifecycleAction> Done { get; } = new HashSet<LifecycleAction>();
}

/// <summary>What the simulated day produced: every case, and the actions taken in each hour.</summary>
internal sealed record DayResult(IReadOnlyList<SimulatedCase> Cases, IReadOnlyDictionary<int, Dictionary<LifecycleAction, int>> ActionsByHour);

/// <summary>
/// Simulates a working day at the center: requests arrive through every channel, and dispatchers, crews, inspectors and
/// supervisors move them through the lifecycle. Every step is planned up front from a seeded <see cref="Random"/> and put on
/// an agenda ordered by time; the agenda is then played forward, moving the <see cref="FakeClock"/> to each step's instant
/// before calling <see cref="ServiceRequests"/>. Steps planned after the end of the day are left for tomorrow, so the
/// evening backlog is realistic.
/// </summary>
internal sealed class DaySimulation
{
    // Who works each queue: crews, technicians, animal-control officers and housing inspectors.
    private static readonly Dictionary<string, string[]> CrewsByQueue = new(StringComparer.Ordinal)
    {
        ["dsny-collection"] = ["dsny-bk-crew-07", "dsny-qn-crew-03", "dsny-bx-crew-12", "dsny-mn-crew-10"],
        ["dsny-enforcement"] = ["dsny-enforcement-4", "dsny-enforcement-9"],
        ["dsny-baskets"] = ["dsny-basket-truck-2", "dsny-basket-truck-6"],
        ["dsny-bulk"] = ["dsny-bulk-desk"],
        ["dsny-dead-animal"] = ["dsny-derelict-unit-1", "dsny-derelict-unit-3"],
        ["dot-roadway"] = ["dot-roadway-crew-3", "dot-roadway-crew-5"],
        ["dot-lighting"] = ["dot-electric-8", "dot-electric-11"],
        ["dot-signals"] = ["dot-signals-2", "dot-signals-6"],
        ["dot-signs"] = ["dot-sign-shop-1"],
        ["acc-field"] = ["acc-van-2", "acc-van-5"],
        ["acc-rescue"] = ["acc-officer-reyes", "acc-officer-kim"],
        ["hpd-heat"] = ["hpd-insp-garcia", "hpd-insp-nguyen", "hpd-insp-baptiste"],
        ["hpd-repairs"] = ["hpd-insp-kowalski", "hpd-insp-adeyemi"],
    };

    private static readonly string[] CancelReasons =
    [
        "Resident withdrew the request: the problem was fixed.",
        "Not a city matter: the location is private property.",
        "Resident referred to the utility company.",
        "Test submission from the mobile app.",
    ];

    private static readonly string[] DuplicateProne =
        ["pothole", "streetlight-out", "traffic-signal", "street-sign", "dead-animal", "illegal-dumping", "overflowing-basket", "loose-dog"];

    private readonly ServiceRequests _requests;
    private readonly FakeClock _clock;
    private readonly DateTimeZone _zone;
    private readonly Random _random;
    private readonly SimulatedResidents _residents;
    private readonly PriorityQueue<Step, (Instant At, long Order)> _agenda = new();
    private readonly SortedDictionary<int, Dictionary<LifecycleAction, int>> _actionsByHour = [];
    private long _order;

    public DaySimulation(ServiceRequests requests, FakeClock clock, DateTimeZone zone, int seed)
    {
        _requests = requests;
        _clock = clock;
        _zone = zone;
        _random = new Random(seed);
        _residents = new SimulatedResidents(_random, zone);
    }

    /// <summary>When the first request arrives.</summary>
    public static LocalTime Opens { get; } = new(7, 0);

    /// <summary>When staff stop working; steps planned later are left for tomorrow.</summary>
    public static LocalTime Closes { get; } = new(19, 30);

    public async Task<DayResult> RunAsync(LocalDate day, int requestCount)
    {
        var opens = day.At(Opens).InZoneStrictly(_zone).ToInstant();
        var closes = day.At(Closes).InZoneStrictly(_zone).ToInstant();

        var cases = new List<SimulatedCase>(requestCount);
        foreach (var arrival in Arrivals(opens, requestCount))
        {
            var simulated = NewCase(cases, arrival);
            cases.Add(simulated);
            Plan(simulated, cases);
        }

        while (_agenda.TryPeek(out _, out var when) && when.At <= closes)
        {
            var step = _agenda.Dequeue();
            _clock.AdvanceTo(when.At);
            step.Case.Request = await step.Run(step.Case).ConfigureAwait(false);
            step.Case.Done.Add(step.Action);
            Count(when.At, step.Action);
        }

        _clock.AdvanceTo(closes);
        return new DayResult(cases, _actionsByHour.ToDictionary(e => e.Key, e => e.Value));
    }

    // Arrivals from 07:00 to 19:00, busiest mid-morning and early afternoon, never two at once.
    private IEnumerable<Instant> Arrivals(Instant opens, int count)
    {
        int[] hourWeights = [6, 11, 14, 13, 11, 9, 11, 10, 8, 6, 5, 4]; // 07:00 .. 18:59
        var offsets = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = _random.Next(hourWeights.Sum());
            var hour = 0;
            while (roll >= hourWeights[hour])
            {
                roll -= hourWeights[hour++];
            }

            offsets.Add((hour * 3600) + _random.Next(3600));
        }

        offsets.Sort();
        var previous = -1;
        foreach (var offset in offsets)
        {
            previous = Math.Max(offset, previous + 1);
            yield return opens + Duration.FromSeconds(previous);
        }
    }

    private SimulatedCase NewCase(List<SimulatedCase> earlier, Instant arrival)
    {
        var serviceCode = _residents.PickServiceCode();

        // Many residents report the same pothole: some reports repeat an earlier one of the same type, from the same spot.
        SimulatedCase? original = null;
        if (DuplicateProne.Contains(serviceCode) && _random.NextDouble() < 0.2)
        {
            var candidates = earlier.Where(c => c.ServiceCode == serviceCode && c.DuplicateOf is null && !c.Cancels).ToList();
            if (candidates.Count > 0)
            {
                original = candidates[_random.Next(candidates.Count)];
            }
        }

        var report = _residents.NewReport(arrival, serviceCode, original?.Report.Place);
        var simulated = new SimulatedCase(earlier.Count + 1, arrival, report) { DuplicateOf = original };
        simulated.Cancels = original is null && _random.NextDouble() < 0.05;
        return simulated;
    }

    private void Plan(SimulatedCase c, List<SimulatedCase> cases)
    {
        var serviceType = _requests.Catalog.TryGetServiceType(c.ServiceCode, out var type)
            ? type
            : throw new InvalidOperationException($"'{c.ServiceCode}' is not in the catalog.");
        var receiver = serviceType.Agency.Code;
        var receivingDispatcher = Dispatcher(receiver);
        var plan = new Planner(this, c);

        plan.At(Duration.Zero, LifecycleAction.Submit, s => _requests.SubmitAsync(s.Report.Submission));
        var urgent = c.Report.Submission.Priority is Priority.Urgent or Priority.High;
        plan.After(Minutes(urgent ? 2 : 5, urgent ? 12 : 45), LifecycleAction.Acknowledge, s => _requests.AcknowledgeAsync(Id(s), By(receivingDispatcher)));

        if (c.DuplicateOf is { } original)
        {
            plan.After(Minutes(5, 40), LifecycleAction.MarkAsDuplicate, s => _requests.MarkAsDuplicateAsync(
                Id(s), Id(original), By(receivingDispatcher, $"Same problem as {original.Request!.TrackingNumber}; the reporter will be told when it is fixed.")));
            return;
        }

        if (c.Cancels)
        {
            var reason = CancelReasons[_random.Next(CancelReasons.Length)];
            plan.After(Minutes(10, 90), LifecycleAction.Cancel, s => _requests.CancelAsync(Id(s), reason, By(receivingDispatcher)));
            return;
        }

        // Dead animals on the roadway are Sanitation's job: animal control transfers them to Sanitation's queue.
        var transferred = c.ServiceCode == "dead-animal" && c.Report.Submission.Attributes!["found_on"] == "roadway";
        var agency = transferred ? QuickstartCatalog.Sanitation : receiver;
        var queue = transferred ? "dsny-dead-animal" : serviceType.DefaultQueue!;
        var dispatcher = Dispatcher(agency);
        var crew = RandomCrew(queue);
        if (transferred)
        {
            plan.After(Minutes(5, 30), LifecycleAction.Reassign, s => _requests.ReassignAsync(
                Id(s), new Assignment { Agency = agency, Queue = queue }, By(receivingDispatcher, "Dead animals on the roadway are removed by Sanitation.")));
        }

        var isHousing = agency == QuickstartCatalog.Housing;
        plan.After(Minutes(5, 60), LifecycleAction.Assign, s => _requests.AssignAsync(Id(s), new Assignment { Assignee = crew }, By(dispatcher)));
        plan.After(isHousing ? Minutes(60, 240) : Minutes(15, 120), LifecycleAction.StartWork, s => _requests.StartWorkAsync(Id(s), By(crew)));

        // Inspectors need to get into the apartment; electricians sometimes wait for the utility.
        var holds = isHousing ? _random.NextDouble() < 0.35 : c.ServiceCode == "streetlight-out" && _random.NextDouble() < 0.25;
        if (holds)
        {
            var (reason, english, spanish) = isHousing
                ? ("Waiting for resident access", "The inspector could not get into the apartment. Please call 311 to arrange access.", "El inspector no pudo entrar al apartamento. Llame al 311 para coordinar el acceso.")
                : ("Waiting for the utility to make the pole safe", "The utility must make the pole safe before we can repair the light.", "La compañía eléctrica debe asegurar el poste antes de reparar la farola.");
            plan.After(Minutes(20, 60), LifecycleAction.PutOnHold, s => _requests.PutOnHoldAsync(Id(s), reason, Public(crew, s.Language == SimulatedResidents.Spanish ? spanish : english)));
            if (_random.NextDouble() >= 0.7)
            {
                return; // still on hold tonight
            }

            plan.After(Minutes(60, 240), LifecycleAction.Resume, s => _requests.ResumeAsync(Id(s), By(crew, isHousing ? "Resident called back; access arranged." : "The utility made the pole safe.")));
        }

        var variant = _random.Next(10) < 8 ? 0 : 1; // most requests get the usual outcome
        plan.After(isHousing ? Minutes(30, 90) : Minutes(20, 150), LifecycleAction.Resolve, s => _requests.ResolveAsync(
            Id(s), SimulatedResidents.ResolutionFor(s.ServiceCode, s.Language, variant), By(crew)));

        if (_random.NextDouble() < 0.75)
        {
            plan.After(Minutes(30, 180), LifecycleAction.Close, s => _requests.CloseAsync(Id(s), By(agency.ToLowerInvariant() + ".supervisor")));
        }

        // One early pothole comes back after the rain: the resident reopens it and the asphalt crew makes a permanent repair.
        if (c.ServiceCode == "pothole" && variant == 0 && !cases.Any(other => other.Reopens) && plan.Elapsed < Duration.FromHours(5))
        {
            c.Reopens = true;
            const string AsphaltCrew = "dot-asphalt-crew-1";
            plan.After(Minutes(90, 150), LifecycleAction.Reopen, s => _requests.ReopenAsync(
                Id(s), s.Language == SimulatedResidents.Spanish ? "El bache volvió a abrirse con la lluvia." : "The pothole opened up again after the rain.", By("resident")));
            plan.After(Minutes(10, 30), LifecycleAction.Reassign, s => _requests.ReassignAsync(
                Id(s), new Assignment { Assignee = AsphaltCrew }, By(dispatcher, "Sending the asphalt crew for a permanent repair.")));
            plan.After(Minutes(30, 60), LifecycleAction.StartWork, s => _requests.StartWorkAsync(Id(s), By(AsphaltCrew)));
            plan.After(Minutes(45, 90), LifecycleAction.Resolve, s => _requests.ResolveAsync(
                Id(s), new Resolution("REPAIRED", s.Language == SimulatedResidents.Spanish ? "Se hizo una reparación permanente del bache." : "The pothole was permanently repaired."), By(AsphaltCrew)));
        }
    }

    private static string Dispatcher(string agency) => agency.ToLowerInvariant() + ".dispatch";

    private string RandomCrew(string queue) => CrewsByQueue[queue][_random.Next(CrewsByQueue[queue].Length)];

    private Duration Minutes(int min, int max) => Duration.FromSeconds(_random.Next(min * 60, (max * 60) + 1));

    private static ServiceRequestId Id(SimulatedCase c) =>
        c.Request?.Id ?? throw new InvalidOperationException($"Case {c.Number} has not been submitted yet.");

    private static ChangeOptions By(string actor, string? note = null) => new() { Actor = actor, Note = note };

    private static ChangeOptions Public(string actor, string note) => new() { Actor = actor, Note = note, NoteVisibility = NoteVisibility.Public };

    private void Count(Instant at, LifecycleAction action)
    {
        var hour = at.InZone(_zone).Hour;
        if (!_actionsByHour.TryGetValue(hour, out var counts))
        {
            _actionsByHour[hour] = counts = [];
        }

        counts[action] = counts.GetValueOrDefault(action) + 1;
    }

    private sealed record Step(SimulatedCase Case, LifecycleAction Action, Func<SimulatedCase, ValueTask<ServiceRequest>> Run);

    // Puts one case's steps on the agenda, each a delay after the one before.
    private sealed class Planner(DaySimulation simulation, SimulatedCase c)
    {
        public Duration Elapsed { get; private set; }

        public void At(Duration offset, LifecycleAction action, Func<SimulatedCase, ValueTask<ServiceRequest>> run)
        {
            Elapsed = offset;
            simulation._agenda.Enqueue(new Step(c, action, run), (c.ArrivesAt + offset, simulation._order++));
        }

        public void After(Duration delay, LifecycleAction action, Func<SimulatedCase, ValueTask<ServiceRequest>> run) =>
            At(Elapsed + delay, action, run);
    }
}
