namespace OrleansBridge.Sessions;

/// <summary>
/// The persisted state of a session grain. The resume token is kept only as its SHA-256. <c>Channel</c>
/// is the durable part of the reliable channel when sessions are owned across silos (blob storage with
/// leases); null with single-silo storage, where the channel lives only in memory.
/// </summary>
internal sealed record SessionRecord(
    string Application,
    string Tenant,
    SessionState State,
    byte[] ResumeTokenHash,
    DateTimeOffset CreatedAt,
    string ClientName,
    string ClientBuild,
    SessionChannelRecord? Channel = null);

/// <summary>
/// What a successor silo needs to continue a session exactly (docs/architecture.md, "Sessions across
/// silos"): the client's sequence delivered so far, the messages the client has not acknowledged
/// (whole frames, sequence numbers in their headers), and the requests accepted but not yet answered.
/// </summary>
/// <param name="InboundDelivered">The highest client sequence delivered (acknowledged only once stored).</param>
/// <param name="OutboxAcknowledged">The highest server sequence the client acknowledged.</param>
/// <param name="Outbox">The frames after <paramref name="OutboxAcknowledged"/>, in order.</param>
/// <param name="InFlight">Requests delivered but not answered when this was written.</param>
internal sealed record SessionChannelRecord(uint InboundDelivered, uint OutboxAcknowledged, IReadOnlyList<byte[]> Outbox, IReadOnlyList<InFlightRequest> InFlight);

/// <summary>A request delivered but not answered yet.</summary>
/// <param name="Sequence">Its client sequence number.</param>
/// <param name="RequestId">Its request id, for the answer a successor gives.</param>
/// <param name="Method">Its method, once parsed (empty before).</param>
internal sealed record InFlightRequest(uint Sequence, uint RequestId, string Method);
