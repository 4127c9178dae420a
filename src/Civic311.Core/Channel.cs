namespace Civic311;

/// <summary>How a request arrived at the center.</summary>
public enum Channel
{
    /// <summary>A call to the 311 line.</summary>
    Phone = 0,

    /// <summary>The web portal.</summary>
    Web = 1,

    /// <summary>An e-mail.</summary>
    Email = 2,

    /// <summary>A mobile app.</summary>
    MobileApp = 3,

    /// <summary>An SMS or text message.</summary>
    Sms = 4,

    /// <summary>A chat session.</summary>
    Chat = 5,

    /// <summary>Social media.</summary>
    Social = 6,

    /// <summary>A visit to a walk-in center.</summary>
    WalkIn = 7,

    /// <summary>A trusted neighborhood liaison entering a report.</summary>
    Liaison = 8,

    /// <summary>An API client (for example an Open311 app).</summary>
    Api = 9,
}
