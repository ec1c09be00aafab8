#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
static long long now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000LL+t.tv_nsec;}
static void pin(int c){cpu_set_t s;CPU_ZERO(&s);CPU_SET(c,&s);sched_setaffinity(0,sizeof s,&s);}
int main(int argc,char**argv){int same=argc>1?atoi(argv[1]):1;int n=200000;int a[2],b[2];pipe(a);pipe(b);char x=0;
 /* baseline: pipe write+read in one process, no switch */
 pin(0); long long t0=now(); for(int i=0;i<n;i++){write(a[1],&x,1);read(a[0],&x,1);} long long base=now()-t0;
 pid_t p=fork(); if(p==0){pin(same?0:1); for(int i=0;i<n;i++){read(a[0],&x,1);write(b[1],&x,1);} _exit(0);}
 pin(0); t0=now(); for(int i=0;i<n;i++){write(a[1],&x,1);read(b[0],&x,1);} long long t=now()-t0; waitpid(p,0,0);
 printf("%s: round trip %.0f ns, pipe syscall pair baseline %.0f ns, per switch %.0f ns\n", same?"same CPU":"cross CPU", (double)t/n,(double)base/n,((double)t/n-(double)base/n)/2);}
