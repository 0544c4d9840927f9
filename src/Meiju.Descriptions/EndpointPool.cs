using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Meiju.Descriptions;

/// <summary>
/// The endpoints of one <see cref="DescriptionServer"/>, each with its own chat client. Picks the endpoint with the
/// fewest requests in flight, breaking ties round-robin, so replicas share the load and a slow one gets less.
/// </summary>
internal sealed class EndpointPool : IDisposable
{
    private readonly Slot[] _slots;
    private readonly Lock _gate = new();
    private int _next;

    public EndpointPool(DescriptionServer server, DescribeOptions options)
    {
        Model = server.Model;
        _slots = server.Endpoints.Select(uri => new Slot(uri, CreateClient(server.Model, uri, options))).ToArray();
    }

    public string Model { get; }

    public Lease Acquire()
    {
        lock (_gate)
        {
            var best = -1;
            for (var k = 0; k < _slots.Length; k++)
            {
                var i = (_next + k) % _slots.Length;
                if (best < 0 || _slots[i].InFlight < _slots[best].InFlight)
                {
                    best = i;
                }
            }

            _next = (best + 1) % _slots.Length;
            _slots[best].InFlight++;
            return new Lease(this, _slots[best]);
        }
    }

    public void Dispose()
    {
        foreach (var s in _slots)
        {
            s.Client.Dispose();
        }
    }

    private static IChatClient CreateClient(string model, Uri endpoint, DescribeOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            // Retries, back-off and timeouts are ours (they must see every endpoint and record failures per item).
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(30),
        };
        // vLLM without --api-key accepts any bearer token; the OpenAI client insists on a non-empty one.
        var credential = new ApiKeyCredential(options.ApiKey?.Secret ?? "EMPTY");
        return new OpenAI.Chat.ChatClient(model, credential, clientOptions).AsIChatClient();
    }

    internal sealed class Slot(Uri endpoint, IChatClient client)
    {
        public Uri Endpoint { get; } = endpoint;

        public IChatClient Client { get; } = client;

        public int InFlight { get; set; }
    }

    internal sealed class Lease(EndpointPool pool, Slot slot) : IDisposable
    {
        private bool _released;

        public IChatClient Client => slot.Client;

        public Uri Endpoint => slot.Endpoint;

        public void Dispose()
        {
            lock (pool._gate)
            {
                if (!_released)
                {
                    slot.InFlight--;
                    _released = true;
                }
            }
        }
    }
}
