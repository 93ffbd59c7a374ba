package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.script.spec.Server;

/**
 * The haproxy config in front of a server's instances (reference {@code proxy.cfg.template}). It is uploaded with
 * {@code {IP_<i>}} placeholders; each link writes a copy with instance {@code i}'s head address in their place,
 * since the nodes, and so the addresses, change from link to link.
 */
final class HaproxyConfig {

    private HaproxyConfig() {}

    /** The placeholder for the head of instance {@code instance}. */
    static String placeholder(int instance) {
        return "{IP_" + instance + "}";
    }

    static String render(Server server) {
        Server.Proxy proxy = server.proxy().orElseThrow();
        Lines out = new Lines()
                .add("# haproxy in front of " + server.instances() + " server instances; each job writes a copy with the")
                .add("# instances' addresses in place of the {IP_<i>} placeholders.")
                .add("global")
                .add("    log stdout format raw local0")
                .add("    maxconn 4096")
                .blank()
                .add("defaults")
                .add("    log global")
                .add("    mode http")
                .add("    option httplog")
                .add("    timeout connect 10s")
                // Generation requests can take many minutes; the reference uses 100000 s too.
                .add("    timeout client 100000s")
                .add("    timeout server 100000s")
                .blank()
                .add("frontend service_frontend")
                .add("    bind *:" + proxy.port())
                .add("    default_backend service_backend")
                .blank()
                .add("backend service_backend")
                .add("    mode http")
                .add("    option httpchk GET " + proxy.healthPath())
                .add("    http-check expect status " + proxy.expectStatus())
                .add("    option http-keep-alive")
                .add("    balance leastconn");
        for (int i = 0; i < server.instances(); i++) {
            out.add("    server instance" + i + " " + placeholder(i) + ":" + server.port() + " check");
        }
        return out.toString();
    }
}
