/*
 * pyxis_double.c - a SPANK TEST DOUBLE for NVIDIA Pyxis, for the slurm-evaluate test bed.
 *
 * It is not Pyxis and runs no container. It lets srun/sbatch/salloc accept Pyxis' option names, records
 * what each job step received, and emulates just enough of Pyxis for our end-to-end tests:
 *   - every --container-* option is registered, so the commands accept them;
 *   - per step, one JSON line {"job":N,"step":"0","options":{...},"argv":[...]} is appended to
 *     <logdir>/<jobid>.<step>.json, and also to the file named by PYXIS_DOUBLE_RECORD when the step's
 *     environment sets it;
 *   - the options are exported to the tasks as PYXIS_DOUBLE_<OPTION>=value;
 *   - --container-mounts SRC:DST[:ro][,...] are bind-mounted in a private mount namespace of each task
 *     (created as root just before privileges are dropped), so /results inside a step is the task's
 *     artifacts directory as it would be in a Pyxis container. A missing SRC fails the task, like Pyxis;
 *   - --container-workdir is applied with chdir();
 *   - --container-image=fail:<anything> fails the task like a failed image import.
 * The command itself runs on the host, with the host's files and programs.
 *
 * plugstack.conf line (options: logdir=DIR, mounts=yes|no):
 *   required /usr/local/lib/slurm/spank_pyxis_double.so logdir=/var/tmp/pyxis-double
 *
 * Written against the public <slurm/spank.h> API of Debian's libslurm-dev 22.05.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <slurm/slurm.h>
#include <slurm/spank.h>

SPANK_PLUGIN(pyxis_double, 1);

enum opt_id {
	OPT_IMAGE = 1, OPT_MOUNTS, OPT_WORKDIR, OPT_NAME, OPT_SAVE,
	OPT_MOUNT_HOME, OPT_NO_MOUNT_HOME, OPT_REMAP_ROOT, OPT_NO_REMAP_ROOT,
	OPT_ENTRYPOINT, OPT_NO_ENTRYPOINT, OPT_ENTRYPOINT_LOG,
	OPT_WRITABLE, OPT_READONLY, OPT_ENV, OPT_MAX
};

static const char *opt_names[OPT_MAX] = {
	[OPT_IMAGE] = "container-image",
	[OPT_MOUNTS] = "container-mounts",
	[OPT_WORKDIR] = "container-workdir",
	[OPT_NAME] = "container-name",
	[OPT_SAVE] = "container-save",
	[OPT_MOUNT_HOME] = "container-mount-home",
	[OPT_NO_MOUNT_HOME] = "no-container-mount-home",
	[OPT_REMAP_ROOT] = "container-remap-root",
	[OPT_NO_REMAP_ROOT] = "no-container-remap-root",
	[OPT_ENTRYPOINT] = "container-entrypoint",
	[OPT_NO_ENTRYPOINT] = "no-container-entrypoint",
	[OPT_ENTRYPOINT_LOG] = "container-entrypoint-log",
	[OPT_WRITABLE] = "container-writable",
	[OPT_READONLY] = "container-readonly",
	[OPT_ENV] = "container-env",
};

static char *opt_values[OPT_MAX];   /* NULL = not given; "" = flag given */
static char logdir[256] = "/var/tmp/pyxis-double";
static int emulate_mounts = 1;

static int opt_cb(int val, const char *optarg, int remote)
{
	(void) remote;
	if (val <= 0 || val >= OPT_MAX)
		return -1;
	free(opt_values[val]);
	opt_values[val] = strdup(optarg ? optarg : "");
	return opt_values[val] ? 0 : -1;
}

#define ARG(name, info, usage) { name, info, usage, 1, 0, opt_cb }
#define FLAG(name, usage)      { name, NULL, usage, 0, 0, opt_cb }

static struct spank_option options[] = {
	ARG("container-image", "[USER@][REGISTRY#]IMAGE[:TAG]|PATH", "[pyxis-double] image (recorded; fail:X simulates an import failure)"),
	ARG("container-mounts", "SRC:DST[:FLAGS][,SRC:DST...]", "[pyxis-double] bind mounts (emulated in a private mount namespace)"),
	ARG("container-workdir", "PATH", "[pyxis-double] working directory (applied with chdir)"),
	ARG("container-name", "NAME", "[pyxis-double] container name (recorded only)"),
	ARG("container-save", "PATH", "[pyxis-double] save container (recorded only)"),
	FLAG("container-mount-home", "[pyxis-double] flag (recorded only)"),
	FLAG("no-container-mount-home", "[pyxis-double] flag (recorded only)"),
	FLAG("container-remap-root", "[pyxis-double] flag (recorded only)"),
	FLAG("no-container-remap-root", "[pyxis-double] flag (recorded only)"),
	FLAG("container-entrypoint", "[pyxis-double] flag (recorded only)"),
	FLAG("no-container-entrypoint", "[pyxis-double] flag (recorded only)"),
	FLAG("container-entrypoint-log", "[pyxis-double] flag (recorded only)"),
	FLAG("container-writable", "[pyxis-double] flag (recorded only)"),
	FLAG("container-readonly", "[pyxis-double] flag (recorded only)"),
	ARG("container-env", "NAME[,NAME...]", "[pyxis-double] env names (recorded only)"),
	SPANK_OPTIONS_TABLE_END
};

int slurm_spank_init(spank_t sp, int ac, char **av)
{
	for (int i = 0; i < ac; i++) {
		if (!strncmp(av[i], "logdir=", 7))
			snprintf(logdir, sizeof(logdir), "%s", av[i] + 7);
		else if (!strcmp(av[i], "mounts=no"))
			emulate_mounts = 0;
	}
	/* register in every context (srun, sbatch/salloc, slurmstepd) */
	for (int i = 0; options[i].name; i++) {
		for (int id = 1; id < OPT_MAX; id++)
			if (!strcmp(options[i].name, opt_names[id]))
				options[i].val = id;
		if (spank_option_register(sp, &options[i]) != ESPANK_SUCCESS) {
			slurm_error("pyxis_double: cannot register --%s", options[i].name);
			return -1;
		}
	}
	return 0;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char) *s;
		if (c == '"' || c == '\\')
			fputc('\\', f);
		if (c < 0x20) {
			fprintf(f, "\\u%04x", c);
			continue;
		}
		fputc(c, f);
	}
	fputc('"', f);
}

static int any_option(void)
{
	for (int id = 1; id < OPT_MAX; id++)
		if (opt_values[id])
			return 1;
	return 0;
}

static void write_record(const char *path, uint32_t jobid, const char *step, int argc, char **argv)
{
	FILE *f = fopen(path, "a");
	if (!f) {
		slurm_error("pyxis_double: cannot write %s: %s", path, strerror(errno));
		return;   /* never fail the step because of the recorder */
	}
	fprintf(f, "{\"job\":%u,\"step\":\"%s\",\"options\":{", jobid, step);
	int first = 1;
	for (int id = 1; id < OPT_MAX; id++) {
		if (!opt_values[id])
			continue;
		fputs(first ? "" : ",", f);
		json_str(f, opt_names[id]);
		fputc(':', f);
		json_str(f, opt_values[id]);
		first = 0;
	}
	fputs("},\"argv\":[", f);
	for (int i = 0; i < argc; i++) {
		fputs(i ? "," : "", f);
		json_str(f, argv[i]);
	}
	fputs("]}\n", f);
	fclose(f);
}

/* remote context, once per step, already running as the job user */
int slurm_spank_user_init(spank_t sp, int ac, char **av)
{
	uint32_t jobid = 0, stepid = 0;
	int argc = 0;
	char **argv = NULL;
	char path[512], var[128], extra[512];

	(void) ac; (void) av;
	if (!spank_remote(sp) || !any_option())
		return 0;

	spank_get_item(sp, S_JOB_ID, &jobid);
	spank_get_item(sp, S_JOB_STEPID, &stepid);
	spank_get_item(sp, S_JOB_ARGV, &argc, &argv);

	for (int id = 1; id < OPT_MAX; id++) {
		if (!opt_values[id])
			continue;
		snprintf(var, sizeof(var), "PYXIS_DOUBLE_%s", opt_names[id]);
		for (char *p = var; *p; p++)
			*p = (*p == '-') ? '_' : (char) toupper((unsigned char) *p);
		spank_setenv(sp, var, opt_values[id], 1);
	}

	char step[16];
	if (stepid == SLURM_BATCH_SCRIPT)
		snprintf(step, sizeof(step), "batch");
	else if (stepid == SLURM_EXTERN_CONT)
		snprintf(step, sizeof(step), "extern");
	else if (stepid == SLURM_INTERACTIVE_STEP)
		snprintf(step, sizeof(step), "interactive");
	else
		snprintf(step, sizeof(step), "%u", stepid);
	snprintf(path, sizeof(path), "%s/%u.%s.json", logdir, jobid, step);
	write_record(path, jobid, step, argc, argv);
	if (spank_getenv(sp, "PYXIS_DOUBLE_RECORD", extra, sizeof(extra)) == ESPANK_SUCCESS && extra[0])
		write_record(extra, jobid, step, argc, argv);
	return 0;
}

/* Creates DST (a directory, or an empty file when SRC is a file) so there is something to mount on. */
static int make_mount_point(const char *dst, int src_is_dir)
{
	char buf[4096];
	struct stat st;
	if (stat(dst, &st) == 0)
		return 0;
	snprintf(buf, sizeof(buf), "%s", dst);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (src_is_dir)
		return (mkdir(buf, 0755) == 0 || errno == EEXIST) ? 0 : -1;
	int fd = open(buf, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* Bind-mounts every SRC:DST[:ro] entry of --container-mounts in this task's own mount namespace. */
static int apply_mounts(const char *spec)
{
	char *copy = strdup(spec), *save = NULL;
	int rc = 0;
	if (!copy)
		return -1;
	if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
		slurm_error("pyxis_double: cannot create a private mount namespace: %s", strerror(errno));
		free(copy);
		return -1;
	}
	for (char *entry = strtok_r(copy, ",", &save); entry; entry = strtok_r(NULL, ",", &save)) {
		char *src = entry, *dst = strchr(entry, ':'), *flags = NULL;
		struct stat st;
		if (!dst) {
			dst = src;       /* Pyxis accepts a bare path meaning SRC=DST */
		} else {
			*dst++ = '\0';
			flags = strchr(dst, ':');
			if (flags)
				*flags++ = '\0';
		}
		if (stat(src, &st) != 0) {
			slurm_error("pyxis_double: mount source %s: %s", src, strerror(errno));
			rc = -1;
			break;
		}
		if (make_mount_point(dst, S_ISDIR(st.st_mode)) != 0
		    || mount(src, dst, NULL, MS_BIND | MS_REC, NULL) != 0) {
			slurm_error("pyxis_double: cannot mount %s on %s: %s", src, dst, strerror(errno));
			rc = -1;
			break;
		}
		if (flags && strstr(flags, "ro")
		    && mount(NULL, dst, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0) {
			slurm_error("pyxis_double: cannot make %s read-only: %s", dst, strerror(errno));
			rc = -1;
			break;
		}
	}
	free(copy);
	return rc;
}

/* remote context, per task, still root, just after fork: emulate the container's bind mounts */
int slurm_spank_task_init_privileged(spank_t sp, int ac, char **av)
{
	(void) ac; (void) av;
	if (!spank_remote(sp) || !emulate_mounts || !opt_values[OPT_MOUNTS] || !*opt_values[OPT_MOUNTS])
		return 0;
	return apply_mounts(opt_values[OPT_MOUNTS]);
}

/* remote context, per task, as the job user, just before exec: --container-workdir and fault injection */
int slurm_spank_task_init(spank_t sp, int ac, char **av)
{
	(void) ac; (void) av;
	if (!spank_remote(sp))
		return 0;
	/* fail in task_init, not user_init: a user_init failure makes srun exit 0 (see the test-bed notes) */
	if (opt_values[OPT_IMAGE] && !strncmp(opt_values[OPT_IMAGE], "fail:", 5)) {
		slurm_error("pyxis_double: failed to import image %s (simulated)", opt_values[OPT_IMAGE]);
		return -1;
	}
	if (opt_values[OPT_WORKDIR] && *opt_values[OPT_WORKDIR] && chdir(opt_values[OPT_WORKDIR]) != 0)
		slurm_spank_log("pyxis_double: --container-workdir %s: %s (ignored)",
				opt_values[OPT_WORKDIR], strerror(errno));
	return 0;
}

int slurm_spank_exit(spank_t sp, int ac, char **av)
{
	(void) sp; (void) ac; (void) av;
	for (int id = 1; id < OPT_MAX; id++) {
		free(opt_values[id]);
		opt_values[id] = NULL;
	}
	return 0;
}
