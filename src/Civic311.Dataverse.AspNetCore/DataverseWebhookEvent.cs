using System;
using System.Collections.Generic;
using NodaTime;

namespace Civic311.Dataverse.Webhooks;

/// <summary>
/// One webhook delivery from Dataverse: the <c>RemoteExecutionContext</c> it posts, with the parts the receiver uses typed.
/// </summary>
/// <remarks>
/// Above 256 KB Dataverse strips <c>InputParameters</c>, <c>PreEntityImages</c>, <c>PostEntityImages</c> and
/// <c>ParentContext</c> and says so with the <c>x-ms-dynamics-msg-size-exceeded</c> header; <see cref="IsStripped"/> is then
/// <see langword="true"/>, <see cref="Target"/> is <see langword="null"/>, and the row must be re-read by
/// <see cref="PrimaryEntityId"/>.
/// </remarks>
/// <threadsafety>Immutable; thread-safe.</threadsafety>
public sealed class DataverseWebhookEvent
{
    internal DataverseWebhookEvent(
        string messageName,
        string primaryEntityName,
        Guid primaryEntityId,
        Guid? operationId,
        Guid? correlationId,
        Guid? requestId,
        int depth,
        Guid? initiatingUserId,
        Guid? userId,
        int stage,
        int mode,
        string? organizationName,
        Instant? operationCreatedOn,
        bool isStripped,
        IReadOnlyDictionary<string, object?> inputParameters,
        IReadOnlyDictionary<string, DataverseEntity> preEntityImages,
        IReadOnlyDictionary<string, DataverseEntity> postEntityImages)
    {
        MessageName = messageName;
        PrimaryEntityName = primaryEntityName;
        PrimaryEntityId = primaryEntityId;
        OperationId = operationId;
        CorrelationId = correlationId;
        RequestId = requestId;
        Depth = depth;
        InitiatingUserId = initiatingUserId;
        UserId = userId;
        Stage = stage;
        Mode = mode;
        OrganizationName = organizationName;
        OperationCreatedOn = operationCreatedOn;
        IsStripped = isStripped;
        InputParameters = inputParameters;
        PreEntityImages = preEntityImages;
        PostEntityImages = postEntityImages;
        Target = inputParameters.TryGetValue("Target", out var target) ? target as DataverseEntity : null;
    }

    /// <summary>Gets the message, for example <c>Create</c> or <c>Update</c>.</summary>
    public string MessageName { get; }

    /// <summary>Gets the table's logical name, for example <c>incident</c>.</summary>
    public string PrimaryEntityName { get; }

    /// <summary>Gets the id of the row the operation is about.</summary>
    public Guid PrimaryEntityId { get; }

    /// <summary>Gets the id of the operation (the system job of an asynchronous step); the same on a repeated delivery.</summary>
    public Guid? OperationId { get; }

    /// <summary>Gets the correlation id Dataverse uses to track a chain of operations (and to stop infinite loops).</summary>
    public Guid? CorrelationId { get; }

    /// <summary>Gets the request id, when Dataverse sent one.</summary>
    public Guid? RequestId { get; }

    /// <summary>Gets the depth of the call chain: 1 for a change made by a user or an API call, more when a plug-in or flow made it.</summary>
    public int Depth { get; }

    /// <summary>Gets the user who started the operation.</summary>
    public Guid? InitiatingUserId { get; }

    /// <summary>Gets the user the step ran as.</summary>
    public Guid? UserId { get; }

    /// <summary>Gets the pipeline stage: 10 pre-validation, 20 pre-operation, 40 post-operation.</summary>
    public int Stage { get; }

    /// <summary>Gets the execution mode: 0 synchronous, 1 asynchronous.</summary>
    public int Mode { get; }

    /// <summary>Gets the organization's name, when sent.</summary>
    public string? OrganizationName { get; }

    /// <summary>Gets when the operation was created, when sent.</summary>
    public Instant? OperationCreatedOn { get; }

    /// <summary>Gets whether the payload was stripped for size (over 256 KB): the row must be re-read by id.</summary>
    public bool IsStripped { get; }

    /// <summary>Gets the input parameters by name (typed as <see cref="DataverseEntity.Attributes"/> values are).</summary>
    public IReadOnlyDictionary<string, object?> InputParameters { get; }

    /// <summary>
    /// Gets the <c>Target</c> input parameter when it is a row: on Create every column set, on Update only the changed ones
    /// (plus system columns); <see langword="null"/> when stripped or when the target is only a reference.
    /// </summary>
    public DataverseEntity? Target { get; }

    /// <summary>Gets the images taken before the operation, by the alias they were registered with.</summary>
    public IReadOnlyDictionary<string, DataverseEntity> PreEntityImages { get; }

    /// <summary>Gets the images taken after the operation, by alias (an asynchronous step's is <c>AsynchronousStepPrimaryName</c>).</summary>
    public IReadOnlyDictionary<string, DataverseEntity> PostEntityImages { get; }

    /// <inheritdoc />
    public override string ToString() => $"{MessageName} {PrimaryEntityName}({PrimaryEntityId:D}) depth {Depth}{(IsStripped ? " (stripped)" : string.Empty)}";
}
