using System.Reflection;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sacoche.ServiceDefaults.Data;

namespace Sacoche.ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (connection string <c>rabbitmq</c>, an amqp:// URI): consumers found in
    /// <paramref name="consumers"/>, queues prefixed by <paramref name="serviceName"/> so each service
    /// gets its own copy of every event, retries then <c>_error</c> queues; plus the outbox relay
    /// for <typeparamref name="TContext"/>, and the inbox: every consumer applies a message once
    /// (<see cref="InboxFilter{T}"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSacocheMessaging<TContext>(this IHostApplicationBuilder builder, string serviceName, Assembly consumers, bool inbox = true)
        where TContext : DbContext
    {
        builder.Services.AddScoped(sp => new InboxDatabase(sp.GetRequiredService<TContext>()));
        builder.AddBus(serviceName, consumers, inbox);
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        return builder;
    }

    /// <summary>
    /// MassTransit only, for a service that consumes events but publishes none and keeps no
    /// database state from them (no outbox, no inbox): the UI.
    /// </summary>
    public static IHostApplicationBuilder AddSacocheConsumers(this IHostApplicationBuilder builder, string serviceName, Assembly consumers) =>
        builder.AddBus(serviceName, consumers, inbox: true);

    private static IHostApplicationBuilder AddBus(this IHostApplicationBuilder builder, string serviceName, Assembly consumers, bool inbox)
    {
        var uri = new Uri(builder.Configuration.GetRequiredConnectionString("rabbitmq"));
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            x.AddConsumers(consumers);
            x.UsingRabbitMq((context, cfg) =>
            {
                var user = Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
                var password = uri.UserInfo.Contains(':', StringComparison.Ordinal) ? Uri.UnescapeDataString(uri.UserInfo[(uri.UserInfo.IndexOf(':', StringComparison.Ordinal) + 1)..]) : "";
                var vhost = uri.AbsolutePath.Trim('/') is { Length: > 0 } v ? Uri.UnescapeDataString(v) : "/";
                cfg.Host(uri.Host, (ushort)(uri.Port > 0 ? uri.Port : 5672), vhost, h =>
                {
                    h.Username(string.IsNullOrEmpty(user) ? "guest" : user);
                    h.Password(string.IsNullOrEmpty(password) ? "guest" : password);
                    h.PublisherConfirmation = true;
                });
                cfg.UseMessageRetry(r => r.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
                if (inbox)
                {
                    cfg.UseConsumeFilter(typeof(InboxFilter<>), context);
                }
                cfg.ConfigureEndpoints(context);
            });
        });
        // Start the bus (queues declared and bound) before the service answers /health: on a first
        // deployment, events published before a consumer's queue exists would be routed nowhere.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });
        return builder;
    }
}
