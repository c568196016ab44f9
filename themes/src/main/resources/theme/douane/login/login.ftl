<#import "template.ftl" as layout>
<#assign douaneLoginError = messagesPerField.existsError('username','password')>
<@layout.registrationLayout displayMessage=!douaneLoginError breadcrumb=msg("douaneBreadcrumbLogin") showTitle=false wide=true errorFields=[[usernameHidden???then("password", "username"), "username", "password"]]; section>
    <#if section = "header">
        ${msg("douaneLoginTitle")}
    <#elseif section = "form">
        <div class="fr-grid-row fr-grid-row--gutters douane-login">
            <div class="fr-col-12 fr-col-md-6">
                <div class="douane-panel" id="douane-login-panel">
                    <h1 id="kc-page-title" class="fr-h4 douane-panel__title">${msg("douaneLoginTitle")}</h1>
                    <#if realm.password>
                        <form id="kc-form-login" action="${url.loginAction}" method="post" novalidate>
                            <#if !usernameHidden??>
                                <div class="fr-input-group<#if douaneLoginError> fr-input-group--error</#if>" id="username-group">
                                    <label class="fr-label" for="username">${msg("douaneLoginUsernameLabel")}</label>
                                    <input class="fr-input<#if douaneLoginError> fr-input--error</#if>" type="text" id="username" name="username"
                                           value="${(login.username!'')}" autocomplete="username" autofocus required aria-required="true"
                                           spellcheck="false" autocapitalize="off" dir="ltr"
                                           aria-describedby="username-messages"<#if douaneLoginError> aria-invalid="true"</#if>>
                                    <div class="fr-messages-group" id="username-messages" aria-live="polite">
                                        <#if douaneLoginError>
                                            <p class="fr-message fr-message--error" id="input-error" role="alert">${messagesPerField.getFirstError('username','password')}</p>
                                        </#if>
                                    </div>
                                </div>
                            </#if>

                            <div class="fr-password fr-mb-3w<#if douaneLoginError> fr-input-group--error</#if>" id="password-group">
                                <label class="fr-label" for="password">${msg("douaneLoginPasswordLabel")}</label>
                                <div class="fr-input-wrap">
                                    <input class="fr-password__input fr-input<#if douaneLoginError> fr-input--error</#if>" type="password" id="password" name="password"
                                           autocomplete="current-password" required aria-required="true" dir="ltr"
                                           aria-describedby="<#if douaneLoginError && !usernameHidden??>input-error </#if>password-messages"<#if douaneLoginError> aria-invalid="true"</#if>>
                                </div>
                                <div class="fr-messages-group" id="password-messages" aria-live="polite">
                                    <#if douaneLoginError && usernameHidden??>
                                        <p class="fr-message fr-message--error" id="input-error" role="alert">${messagesPerField.getFirstError('username','password')}</p>
                                    </#if>
                                </div>
                                <div class="fr-password__checkbox fr-checkbox-group fr-checkbox-group--sm">
                                    <input aria-label="${msg("douaneShowPasswordAria", msg("douaneLoginPasswordLabel"))}" id="password-show" type="checkbox">
                                    <label class="fr-password__checkbox fr-label" for="password-show">${msg("douaneShowPassword")}</label>
                                </div>
                                <#if realm.resetPasswordAllowed>
                                    <p class="fr-mt-2w"><a id="douane-forgot-password" class="fr-link" href="${url.loginResetCredentialsUrl}">${msg("douaneForgotPasswordLink")}</a></p>
                                </#if>
                            </div>

                            <#if realm.rememberMe && !usernameHidden??>
                                <div class="fr-checkbox-group fr-checkbox-group--sm fr-mb-3w">
                                    <input id="rememberMe" name="rememberMe" type="checkbox"<#if login.rememberMe??> checked</#if>>
                                    <label class="fr-label" for="rememberMe">${msg("rememberMe")}</label>
                                </div>
                            </#if>

                            <input type="hidden" id="id-hidden-input" name="credentialId"<#if auth?has_content && auth.selectedCredential?has_content> value="${auth.selectedCredential}"</#if>>
                            <ul class="fr-btns-group fr-btns-group--inline-md">
                                <li><button class="fr-btn" type="submit" name="login" id="kc-login">${msg("douaneLoginSubmit")}</button></li>
                            </ul>
                        </form>
                    </#if>
                </div>
            </div>
            <div class="fr-col-12 fr-col-md-6">
                <#-- Shown unless an admin hides it (realm attribute douaneRegistrationPanelHidden=true). Target: the realm
                     attribute douaneRegistrationUrl, else Keycloak's own registration when the realm allows it, else the
                     theme property (DOUANE_REGISTRATION_URL or its default). Only http(s) addresses are used: an
                     attribute typed by an admin never becomes a script URL on the login page. -->
                <#assign douaneRegistrationHref = "">
                <#list [((realm.attributes.douaneRegistrationUrl)!'')?trim,
                        (realm.registrationAllowed && !registrationDisabled??)?then((url.registrationUrl)!'', ''),
                        ((properties.douaneRegistrationUrl)!'')?trim] as candidate>
                    <#if candidate?matches("https?://[^\\s]+", "i")><#assign douaneRegistrationHref = candidate><#break></#if>
                </#list>
                <#if douaneRegistrationHref?has_content && ((realm.attributes.douaneRegistrationPanelHidden)!'')?trim?lower_case != 'true'>
                    <section class="douane-panel douane-panel--alt" id="douane-register-panel" aria-labelledby="douane-register-title">
                        <h2 id="douane-register-title" class="fr-h4 douane-panel__title">
                            <span class="fr-icon-account-circle-line fr-icon--lg douane-panel__icon" aria-hidden="true"></span>
                            ${msg("douaneRegisterTitle")}
                        </h2>
                        <p class="fr-text--lg fr-text--bold fr-mb-2w">${msg("douaneRegisterSubtitle")}</p>
                        <p>${msg("douaneRegisterText")}</p>
                        <ul class="fr-btns-group fr-btns-group--inline-md">
                            <li><a class="fr-btn" id="douane-register" href="${douaneRegistrationHref}">${msg("douaneRegisterButton")}</a></li>
                        </ul>
                    </section>
                </#if>
            </div>
        </div>
    <#elseif section = "socialProviders">
        <#if realm.password && social?? && social.providers?has_content>
            <section id="kc-social-providers" class="fr-mt-4w" aria-labelledby="douane-social-title">
                <h2 id="douane-social-title" class="fr-h6">${msg("identity-provider-login-label")}</h2>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <#list social.providers as p>
                        <li><a id="social-${p.alias}" class="fr-btn fr-btn--secondary" href="${p.loginUrl}">${p.displayName!}</a></li>
                    </#list>
                </ul>
            </section>
        </#if>
    </#if>
</@layout.registrationLayout>
