using System;
using System.Collections.Generic;

namespace Civic311.Dataverse;

/// <summary>
/// Options of <see cref="DataverseEmailChannel"/>: the channel's name and who the e-mails come from, a queue (a shared
/// mailbox such as <c>311@city.gov</c>) or a system user. Set exactly one of <see cref="SenderQueueId"/> and
/// <see cref="SenderUserId"/>; its mailbox must be enabled for outgoing e-mail through server-side synchronization.
/// </summary>
public sealed class DataverseEmailChannelOptions
{
    /// <summary>Gets or sets the channel's name in logs and configuration.</summary>
    /// <value>Defaults to <c>dataverse-email</c>.</value>
    public string Name { get; set; } = "dataverse-email";

    /// <summary>Gets or sets the queue (<c>queueid</c>) the e-mails are sent from.</summary>
    public Guid? SenderQueueId { get; set; }

    /// <summary>Gets or sets the system user (<c>systemuserid</c>) the e-mails are sent from.</summary>
    public Guid? SenderUserId { get; set; }

    /// <summary>Checks the options and lists every problem.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new ValidationError("name", ValidationErrorCodes.Required, "The channel name is required."));
        }

        if (SenderQueueId is null && SenderUserId is null)
        {
            errors.Add(new ValidationError("senderQueueId", ValidationErrorCodes.Required, "Give the sender: a queue (SenderQueueId) or a system user (SenderUserId)."));
        }
        else if (SenderQueueId is not null && SenderUserId is not null)
        {
            errors.Add(new ValidationError("senderUserId", ValidationErrorCodes.Inconsistent, "Give a sender queue or a sender user, not both."));
        }

        if (SenderQueueId == Guid.Empty)
        {
            errors.Add(new ValidationError("senderQueueId", ValidationErrorCodes.InvalidFormat, "The sender queue id is the empty Guid."));
        }

        if (SenderUserId == Guid.Empty)
        {
            errors.Add(new ValidationError("senderUserId", ValidationErrorCodes.InvalidFormat, "The sender user id is the empty Guid."));
        }

        return errors;
    }
}
