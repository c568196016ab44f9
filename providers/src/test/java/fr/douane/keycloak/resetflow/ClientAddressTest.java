package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    @Test
    void anIpv4AddressIsCountedAsItself() {
        assertThat(ClientAddress.limitKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(ClientAddress.limitKey(" 192.0.2.7 ")).isEqualTo("192.0.2.7");
    }

    @Test
    void everyAddressOfAnIpv6Slash64IsCountedTogether() {
        String a = ClientAddress.limitKey("2001:db8:1234:5678::1");
        String b = ClientAddress.limitKey("2001:0db8:1234:5678:a1b2:c3d4:e5f6:0001");
        String c = ClientAddress.limitKey("[2001:db8:1234:5678:ffff:ffff:ffff:ffff]");
        assertThat(a).isEqualTo("20010db812345678/64").isEqualTo(b).isEqualTo(c);
        assertThat(ClientAddress.limitKey("2001:db8:1234:5679::1")).isNotEqualTo(a);
        assertThat(ClientAddress.limitKey("fe80::1%eth0")).isEqualTo("fe80000000000000/64");
    }

    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4Address() {
        assertThat(ClientAddress.limitKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void somethingElseIsCountedAsTypedAndNeverResolved() {
        assertThat(ClientAddress.limitKey(null)).isEqualTo("unknown");
        assertThat(ClientAddress.limitKey("")).isEqualTo("unknown");
        assertThat(ClientAddress.limitKey("proxy.example")).isEqualTo("proxy.example");
    }
}
