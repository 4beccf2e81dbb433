# Runs ONE cycle of bdii-update's own main() in daemon semantics (diff + LDAP writes) in the
# foreground, the way shared/peers/bdii.sh's "cycle" does, and prints its wall time.
import importlib.machinery, importlib.util, os, sys, time
loader = importlib.machinery.SourceFileLoader("bdii_update", os.environ["BDII_UPDATE"])
spec = importlib.util.spec_from_loader("bdii_update", loader)
m = importlib.util.module_from_spec(spec)
loader.exec_module(m)
sys.argv = ["bdii-update", "-c", os.environ["CONF"], "-d"]
config = m.get_config(m.parse_options())
m.config = config
log = m.get_logger(config["BDII_LOG_FILE"], config["BDII_LOG_LEVEL"])
m.log = log
class OneCycle(Exception):
    pass
def sleep(s):
    raise OneCycle()
m.time.sleep = sleep
t0 = time.time()
me = os.getpid()
try:
    m.main(config, log)
except OneCycle:
    pass
finally:
    if os.getpid() == me:
        print("bdii-update cycle wall time: %.3f s" % (time.time() - t0), file=sys.stderr)
