using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SinchActors.Requests;
using SinchActors.Tests.Requests;

namespace SinchActors.Tests.Hosting;

/// <summary>With <c>Sinch:HttpClientName</c>, the runtime sends through the handler the factory hands out now.</summary>
[Collection(HostingCollection.Name)]
public sealed class HandlerRotationSpecs(EmulatorFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task The_named_clients_handler_is_asked_for_on_every_send_so_the_factorys_rotation_takes_effect()
    {
        var project = fixture.NewProject("rotation");
        var settings = TestHost.Settings(fixture, project);
        settings["Sinch:HttpClientName"] = "sinch";
        var factory = new RotatingFactory();
        using var host = TestHost.BuildAlone(settings, services =>
        {
            services.AddHttpClient("sinch");
            services.AddSingleton<IHttpMessageHandlerFactory>(factory); // stands in for the factory's HandlerLifetime timer
        });
        await host.StartAsync();
        var client = host.Services.GetRequiredService<ISinchClient>();

        await client.SendAsync(TestHost.Get(project)).WaitAsync(Patience);
        var first = factory.Current;
        Assert.Equal(2, first.Sends); // the token request and the call
        factory.Rotate();
        var response = await client.SendAsync(TestHost.Get(project)).WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, first.Sends);
        Assert.Equal(1, factory.Current.Sends);
        Assert.False(first.Disposed); // the factory owns its handlers
        await host.StopAsync();
    }

    /// <summary>Hands out one counting handler until <see cref="Rotate"/>, as the factory does within a handler lifetime.</summary>
    private sealed class RotatingFactory : IHttpMessageHandlerFactory
    {
        public CountingHandler Current { get; private set; } = new();

        public HttpMessageHandler CreateHandler(string name) => Current;

        public void Rotate() => Current = new CountingHandler();
    }

    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _sends;

        public int Sends => Volatile.Read(ref _sends);

        public bool Disposed { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sends);
            return base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
