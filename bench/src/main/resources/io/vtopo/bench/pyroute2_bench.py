"""pyroute2 side of LinkBench: the same workload as vtopo and ip -batch, timed per phase.

Run inside the target namespace (ip netns exec NS /usr/bin/python3 pyroute2_bench.py PAIRS TEARDOWN); prints one
JSON object with the seconds of each phase, so interpreter start-up is not counted.
"""
import json
import sys
import time

from pyroute2 import IPRoute


def main():
    pairs = int(sys.argv[1])
    teardown = sys.argv[2] == "1"
    out = {}
    with IPRoute() as ipr:
        t = time.perf_counter()
        for i in range(pairs):
            ipr.link("add", ifname="br%d" % i, kind="bridge")
        for i in range(pairs):
            ipr.link("add", ifname="tap%d" % i, kind="tuntap", mode="tap")
        out["create"] = time.perf_counter() - t

        t = time.perf_counter()
        index = {l.get_attr("IFLA_IFNAME"): l["index"] for l in ipr.get_links()}
        for i in range(pairs):
            ipr.link("set", index=index["tap%d" % i], master=index["br%d" % i])
        for i in range(pairs):
            ipr.link("set", index=index["tap%d" % i], state="up")
            ipr.link("set", index=index["br%d" % i], state="up")
        out["enslave_up"] = time.perf_counter() - t

        t = time.perf_counter()
        links = ipr.get_links()
        out["dump"] = time.perf_counter() - t
        out["dumped"] = len(links)

        if teardown:
            t = time.perf_counter()
            for i in range(pairs):
                ipr.link("del", index=index["tap%d" % i])
                ipr.link("del", index=index["br%d" % i])
            out["teardown"] = time.perf_counter() - t
    print(json.dumps(out))


if __name__ == "__main__":
    main()
