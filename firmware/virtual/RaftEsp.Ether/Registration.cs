using System.Net;

namespace RaftEsp.Ether;

/// <summary>A node the ether knows: where its process listens, and whether it hears unicast frames for others.</summary>
public sealed record Registration(int Node, IPEndPoint EndPoint, bool Sniffer);
